/*
 * view-form — the shell every form of the console shares: the request
 * form (view-reqform.c) and the objection form (view-objform.c) are a
 * struct view_form with their own fields behind a struct view_form_ops.
 *
 * The shell owns what is the same in every form: the entry the form is
 * about, the focus moving over the form's fields and then [ Submit ] and
 * [ Cancel ] (Tab, Down, j and Enter go on; BTab, Up and k go back; Esc
 * cancels — once anything was typed or ticked, the first Esc asks, a
 * second discards, any other key only goes back; [ Cancel ] discards at
 * once), keys going into an edit field while it has focus (before the
 * bindings, so letters are text), the buttons and the message under them,
 * the POST in flight (one at a time, cancelled when the form is freed, so
 * its callback never sees a freed form) and the idempotency key kept while
 * the content stays the same.  The form's own part draws its fields,
 * takes the keys of a field that is not text (a checklist, a choice), and
 * submits.
 */
#ifndef GOVDX_VIEW_FORM_H
#define GOVDX_VIEW_FORM_H

#include <stdbool.h>

#include <govdx.h>

#include "ui-form.h"
#include "view.h"

struct view_form;

struct view_form_ops {
	const char *title;     /* the first row: " New sharing request (共享申请)" */
	const char *what;      /* the crumbs: "new request" */
	const char *cancelled; /* the status line after Cancel: "request not filed" */
	int n_fields;          /* the form's own fields; then Submit, then Cancel */
	/* The field names, by field (NULL where a field is not text): what
	 * the message says when a field is full. */
	const char *const *labels;
	/* The edit field of a focus, or NULL when it is not text. */
	struct ui_edit *(*edit)(struct view_form *f, int field);
	/* A key on a field that is not text (down/up: j, k, arrows); true if
	 * taken.  May be NULL. */
	bool (*key)(struct view_form *f, struct app *app, int key, bool down, bool up);
	/* Brings the form up to date (the entry may have arrived).  May be NULL. */
	void (*recalc)(struct view_form *f, struct app *app, struct ui_rect r);
	/* Draws the fields from row y; returns the row of the buttons. */
	int (*draw)(struct view_form *f, struct app *app, struct ui_canvas *c, struct ui_rect r,
	            int y);
	/* A line under the buttons while there is no message, or NULL. */
	const char *(*hint)(struct view_form *f, struct app *app, int *role);
	/* Checks the fields and starts the POST (view_form_sent); or sets
	 * the message and the focus and returns -1. */
	int (*submit)(struct view_form *f, struct app *app);
	/* Frees the form's own part (not f). */
	void (*free)(struct view_form *f);
};

struct view_form {
	struct view base; /* first: a form is a view */
	const struct view_form_ops *fops;
	struct app *app;
	char *code;   /* the entry */
	int focus;    /* 0 .. n_fields - 1, then Submit, Cancel */
	char message[1200];
	int message_role;
	govdx_call_id call;
	void *call_rec; /* the callback's record: freed here if the call is cancelled */
	struct ui_form_key key;
	bool touched;    /* the user changed a field: Esc asks before discarding */
	bool discarding; /* asked: a second Esc discards */
	bool said_loading; /* the message says the entry is loading: cleared when it is here */
	int scroll;        /* the first row of the form shown under its title */
	struct ui_canvas whole; /* the form drawn whole, before the rows that fit
	                           are shown (kept from frame to frame) */
};

/* Fills the shell; f was allocated (zeroed) by the form as its first part.
 * entry_code "" makes a form of no entry (the draft of a new one): it
 * waits for nothing before Submit. */
void view_form_init(struct view_form *f, const struct view_form_ops *fops, struct app *app,
                    const char *entry_code);
/* The entry of the form, fetched if need be (NULL while loading, and
 * always for a form of no entry). */
struct govdx_entry *view_form_entry(struct view_form *f, struct app *app);
/* Before the POST: rec is its callback's record, which the callback gives
 * back with view_form_answered — maybe before the call returns, when the
 * library refuses it at once.  After: view_form_sent with the call's id. */
void view_form_sending(struct view_form *f, void *rec);
void view_form_sent(struct view_form *f, govdx_call_id call);
void view_form_answered(struct view_form *f);
/* Closes the form if it is on top; msg for the status line (or NULL). */
void view_form_close(struct view_form *f, struct app *app, const char *msg);
/* Sets the message under the buttons. */
void view_form_say(struct view_form *f, int role, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* The view_ops every form uses (named "form", so `bind form` serves all). */
extern const struct view_ops view_form_vtable;

#endif /* GOVDX_VIEW_FORM_H */
