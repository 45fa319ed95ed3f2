/*
 * ui-req — the requests that commands send to views (up, down, select,
 * tag, ...): the one vocabulary between the command table (cmd-table.c),
 * the views (view.h) and the list widget (ui-list.c), which carries out the
 * movements the same way in every list.
 *
 * It lives in ui/ so that the list widget needs no view: ui/ depends on
 * nothing above it.
 */
#ifndef GOVDX_UI_REQ_H
#define GOVDX_UI_REQ_H

/* The view-level verbs that commands map to (see the action table).
 * REQ_NONE is 0: a command initialiser without .req is no request. */
enum view_req {
	REQ_NONE,
	REQ_UP,
	REQ_DOWN,
	REQ_PAGE_UP,
	REQ_PAGE_DOWN,
	REQ_TOP,
	REQ_BOTTOM,
	REQ_SELECT,         /* Enter: open or expand */
	REQ_EXPAND,         /* Right / l */
	REQ_COLLAPSE,       /* Left / h */
	REQ_NEXT_PANE,      /* Tab */
	REQ_PREV_PANE,      /* BTab */
	REQ_TOGGLE_PREVIEW, /* p */
	REQ_REFRESH,        /* R */
	REQ_GOTO,           /* go to a platform (argument: name or code) */
	REQ_TAG,            /* t / Space: tag or untag the row and move down */
	REQ_TAG_PATTERN,    /* tag every loaded row matching the argument */
	REQ_UNTAG_ALL,      /* untag every row */
	REQ_NEXT_FIELD,     /* a form: Tab */
	REQ_PREV_FIELD,     /* a form: BTab */
	REQ_PRESS,          /* a form: Space on a button */
	REQ_CANCEL,         /* a form: Esc, C-g, C-c */
};

#endif /* GOVDX_UI_REQ_H */
