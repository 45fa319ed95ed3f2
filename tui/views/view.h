/*
 * view — the interface every screen of the console fills.
 *
 * A view is one screen in the stack (directory, entry, search results,
 * help).  Views own only their UI state — cursors, expanded rows, filters —
 * and read their data from the store each frame, so a view can be closed
 * while its calls are in flight.  Views never call curses: they draw into
 * the canvas rectangle they are given.
 *
 * Each frame (only when something changed) the loop calls recalc and then
 * draw on the top view.  Commands aimed at a view arrive as requests.
 */
#ifndef GOVDX_VIEW_H
#define GOVDX_VIEW_H

#include <stdbool.h>
#include <stddef.h>

#include "ui-canvas.h"
#include "ui-req.h"

struct app;

struct view;
struct case_kind;

/* The list a view shows, for :export (view_ops.list): what to ask the
 * service for, page after page, and the filter the view applies.  The
 * strings belong to the view and are read at once (the exporter copies
 * them). */
enum view_list_what { VIEW_LIST_SEARCH, VIEW_LIST_CASES, VIEW_LIST_HELD };
/* One CSV cell of a held list (last: the row ends). */
typedef void (*view_cell_fn)(void *arg, const char *text, bool last);
struct view_list {
	enum view_list_what what;
	/* held: rows the view holds whole (the figures), written by the view
	 * itself: what names them (a comment line), head the CSV header row,
	 * rows writes each row through cell and returns how many */
	const char *what_held;
	const char *head;
	size_t (*rows)(struct view *v, view_cell_fn cell, void *arg);
	const char *q;                /* search: the text */
	const struct case_kind *kind; /* cases: the kind, box, state ("" any) */
	const char *box, *state;
	const char *entry;            /* cases: "" or the entry they are against */
	const char *overdue_of;       /* cases: "" or the department whose overdue ones */
	const char *filter;           /* the view's /filter, "" for none */
};

struct view_ops {
	/* The name used by `bind VIEW ...` and in help. */
	const char *name;
	/* Brings the view's model up to date with the store and asks the store
	 * for what the view is about to show; r is where it will be drawn. */
	void (*recalc)(struct view *v, struct app *app, struct ui_rect r);
	/* Draws the model into r (the whole of r). */
	void (*draw)(struct view *v, struct app *app, struct ui_canvas *c, struct ui_rect r);
	/* Carries out a request.  Returns 0, or -1 with a short reason in err
	 * (e.g. "nothing to expand here"). */
	int (*request)(struct view *v, struct app *app, enum view_req req, const char *arg,
	               char *err, size_t errlen);
	/* The filter of the list that has focus ("" for none), and setting it. */
	const char *(*filter)(struct view *v);
	void (*set_filter)(struct view *v, struct app *app, const char *filter);
	/* The crumbs line (UTF-8), e.g. "国家 › 河北省 › 石家庄市". */
	void (*crumbs)(struct view *v, struct app *app, char *buf, size_t len);
	/* The cursor position in the focused list (1-based) and its length,
	 * shown on the status line; *n < 0 for none.  *more: more pages to come. */
	void (*position)(struct view *v, int *cur, int *n, int *more);
	/* Frees the view. */
	void (*free)(struct view *v);
	/* Optional.  A key before the bindings: true if the view used it (a
	 * form typing into a field).  Prompts and the : line come first. */
	bool (*key)(struct view *v, struct app *app, int key);
	/* Optional.  What the cursor is on, as an audit subject:
	 * "entry:CODE", "request:REQ-000123" or "objection:OBJ-000045"; false
	 * for nothing. */
	bool (*subject)(struct view *v, struct app *app, char *buf, size_t len);
	/* Optional.  The information item of the entry under the cursor (an
	 * items-table row of the entry view), for raising an objection
	 * against it; false for none. */
	bool (*item)(struct view *v, struct app *app, char *buf, size_t len);
	/* Optional.  Whether the case id is among the rows shown (the filter
	 * lets it through): tagged rows that are not are "hidden". */
	bool (*shows)(struct view *v, struct app *app, const char *id);
	/* Optional.  The list the view shows, for :export; false for none. */
	bool (*list)(struct view *v, struct app *app, struct view_list *out);
};

struct view {
	const struct view_ops *ops;
};

struct ui_text;
struct govdx_entry;

/* Describes an entry as labelled rows (shared by the entry view and the
 * directory's preview): every core metadata field, the information items
 * as a table and the related codes as links.  A summary (from a list) gives
 * the fields it has. */
void view_entry_describe(struct app *app, struct ui_text *t, const struct govdx_entry *e,
                         bool detail);
/* Sharing type and open attribute in words ("有条件共享 conditional"; the
 * Chinese catalogue drops the English: "有条件共享").
 * The short form is the type's own name without "共享" where that keeps
 * its sense (无条件, 有条件) and 不予共享 whole (never 不共享): at most
 * VIEW_SHARING_SHORT_W columns, the width of a list's sharing column. */
#define VIEW_SHARING_SHORT_W 8
const char *view_sharing_label(int sharing);
const char *view_sharing_short(int sharing);
const char *view_open_label(int open);

/* Constructors (the "open" of each view). */
struct view *view_directory_new(struct app *app);
struct view *view_entry_new(struct app *app, const char *code);
struct view *view_search_new(struct app *app, const char *q);
/* Whether an entry of a search passes the filter f as the search view
 * shows it (name, code, department). */
bool view_search_matches(const char *f, const struct govdx_entry *e);
struct view *view_help_new(struct app *app);
/* Every config warning and the recent status messages (view-messages.c). */
struct view *view_messages_new(struct app *app);
struct case_kind;
/* A queue of cases of one kind (view-cases.c): box one of kind->boxes;
 * state "" for any.  view_cases_show changes what a queue view shows (a
 * box given shows all of it); view_cases_set_entry narrows it to the cases
 * against one entry, as the service lists them (kinds that are by_entry;
 * NULL or "" widens it again); view_cases_kind is the kind of a queue view,
 * NULL for other views. */
struct view *view_cases_new(struct app *app, const struct case_kind *kind, const char *box,
                            const char *state);
void view_cases_show(struct view *v, struct app *app, const char *box, const char *state);
void view_cases_set_entry(struct view *v, struct app *app, const char *entry);
/* Narrows a queue to the overdue cases one department provides (kinds
 * that are by_provider; NULL or "" widens it again); name is the
 * department's, for the title. */
void view_cases_set_overdue_of(struct view *v, struct app *app, const char *department,
                               const char *name);
/* After a decision on the case under the cursor: the cursor goes on to the
 * row below it as the queue showed them (above it on the last row), so
 * that it does not follow the decided case to where it sorts now (mutt's
 * move to the next after an action).  Nothing when id is not under the
 * cursor or v is no queue. */
void view_cases_step_past(struct view *v, const char *id);
const struct case_kind *view_cases_kind(const struct view *v);
/* Whether a case (the kind's object) passes the filter f as a queue of box
 * shows it. */
bool view_cases_matches(const struct case_kind *k, const char *box, struct app *app,
                        const char *f, const void *obj);
/* One case with its history (view-case.c); id must name a known kind. */
struct view *view_case_new(struct app *app, const char *id);
/* The decisions of the last batch and their outcome (view-results.c). */
struct view *view_results_new(struct app *app);
/* The form that files a sharing request for an entry (view-form.c). */
struct view *view_form_new(struct app *app, const char *entry_code);
/* The form that raises an objection against an entry, one of its items
 * (item, or NULL for the whole entry) or a record (view-objform.c). */
struct view *view_objform_new(struct app *app, const char *entry_code, const char *item);

#endif /* GOVDX_VIEW_H */
