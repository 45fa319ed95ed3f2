/*
 * view-catalog — the views of catalog maintenance (issue 15): an entry's
 * published revisions (`history`, view-revisions.c) and the differences
 * between two revisions field by field (`diff`, view-diff.c).
 */
#ifndef GOVDX_VIEW_CATALOG_H
#define GOVDX_VIEW_CATALOG_H

struct app;
struct view;

/* The published revisions of the entry, newest first; Enter shows one
 * with what it changed. */
struct view *view_history_new(struct app *app, const char *code);
/* Published revision number of the entry against the one before it. */
struct view *view_diff_new_entry(struct app *app, const char *code, long number);
/* A revision (REV-…) against the published revision it edits. */
struct view *view_diff_new_revision(struct app *app, const char *id);

/* The form that edits the draft revision r (copied: r stays the
 * caller's); one of an entry that is published (it needs the entry). */
struct govdx_revision;
struct view *view_revform_new(struct app *app, const struct govdx_revision *r);

#endif /* GOVDX_VIEW_CATALOG_H */
