/*
 * view-directory.h — the parts of the directory view (view-directory.c:
 * rows, layout, drawing; view-directory-keys.c: what keys and commands do
 * to it) share its state; no other module includes this header.
 */
#ifndef GOVDX_VIEW_DIRECTORY_H
#define GOVDX_VIEW_DIRECTORY_H

#include <stdbool.h>
#include <stddef.h>

#include "hmap.h"
#include "store.h"
#include "ui-list.h"
#include "ui-text.h"
#include "view.h"

#define NATIONAL "000000"
#define NEAR_END 10

enum pane { PANE_TREE, PANE_LIST };

enum row_kind { ROW_PLATFORM, ROW_DEPT, ROW_ENTRY, ROW_NOTE };

struct row {
	enum row_kind kind;
	int depth;
	struct store_platform *p;     /* ROW_PLATFORM */
	struct govdx_department *d;   /* ROW_DEPT, and the department of ROW_ENTRY */
	/* ROW_ENTRY: row idx of its department's entries (a window of pages,
	 * store.h); vdir_entry reads it, NULL while its page is dropped */
	struct store_list *el;
	size_t idx;
	struct store_list *more;      /* ROW_NOTE "loading more": the list to page */
	const char *note;             /* ROW_NOTE text */
	int note_role;
};

struct rows {
	struct row *v;
	size_t n, cap;
};

struct view_directory {
	struct view base;
	struct hmap *expanded;  /* platform codes open in the tree */
	struct hmap *dept_open; /* department codes open in the list */
	struct rows tree, list;
	struct ui_list tcur, lcur;
	char sel_code[8];       /* platform under the tree cursor */
	char list_platform[8];  /* the platform the list shows */
	char list_sel[128];     /* "d:" or "e:" + code under the list cursor */
	char *tree_filter, *list_filter;
	enum pane focus;
	char goto_code[8];      /* a platform being revealed (its path is loading) */
	char want_sel[8];       /* ... and to be selected once its row exists */
	char child_of[8];       /* cursor on "loading...": select this one's first child */
	int child_steps;        /* ... or, after more j typed meanwhile, its child this far on */
	struct ui_text preview;
};

/* 国家 for the national platform, else its name (or code). */
const char *vdir_pname(const struct store_platform *p);
/* Expands the path down to p, fetching what is missing; true once p's
 * row can exist. */
bool vdir_reveal(struct view_directory *vd, struct app *app, struct store_platform *p);
/* "d:<code>" or "e:<code>": the key the list cursor follows. */
void vdir_row_key(const struct row *r, char *buf, size_t len);
/* The entry of a ROW_ENTRY row if its page is held, else NULL (never a
 * pointer kept from an earlier frame: pages go when answers arrive). */
const struct govdx_entry *vdir_entry(const struct row *r);
/* The row under the cursor of the focused pane, or NULL. */
struct row *vdir_cur_row(struct view_directory *vd);

/* The view's request handler (view_ops.request). */
int vdir_request(struct view *v, struct app *app, enum view_req req, const char *arg, char *err,
                 size_t errlen);

#endif /* GOVDX_VIEW_DIRECTORY_H */
