/*
 * cmd-export — `:export FILE`: the list on screen, every row of it that the
 * view's filter lets through (not only the rows loaded), as CSV.
 *
 * The figures (:stats, :unmet) are held whole by their view, which
 * writes its rows at once.  Any other list: the export asks the service
 * for the view's list page after page on its
 * own cursor (the view's pages and memory are untouched) and writes each
 * page as it arrives, so a list of any length takes no more memory than a
 * page.  The file is written as FILE.part, created mode 0600 (O_EXCL: an
 * old .part is never followed or reused), and becomes FILE only when the
 * last page is written: by link(), which refuses a FILE that appeared
 * meanwhile, or with `:export! FILE` by rename(), which replaces it.  Esc
 * or Ctrl-C stops it and removes the .part; so does a context switch.
 *
 * The file: UTF-8, comment lines first (what was exported, the filter, the
 * user and context, the time in Beijing time), a header row, the rows, and
 * a last comment line with the count, so a cut file can be told from a
 * whole one.  A field that a spreadsheet would read as a formula (= + - @
 * first) is written after a ' (OWASP's CSV injection advice).
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "app.h"
#include "beijing.h"
#include "case.h"
#include "cmd.h"
#include "i18n.h"
#include "view.h"
#include "xalloc.h"

#define EXPORT_PAGE 200

struct cmd_export {
	struct case_call call; /* first: the kind's list calls back with it */
	struct app *app;
	enum view_list_what what;
	char *q;
	char *head; /* held: the header row */
	const struct case_kind *kind;
	char *box, *state, *entry, *overdue_of, *filter;
	char *path, *part;
	bool force;
	FILE *f;
	govdx_call_id id;
	size_t rows, seen;
};

static void export_free(struct cmd_export *x, bool remove_part)
{
	if (x->f)
		fclose(x->f);
	if (remove_part && x->part)
		unlink(x->part);
	free(x->q);
	free(x->head);
	free(x->box);
	free(x->state);
	free(x->entry);
	free(x->overdue_of);
	free(x->filter);
	free(x->path);
	free(x->part);
	free(x);
}

void cmd_export_drop(struct app *app)
{
	struct cmd_export *x = app->export;

	if (!x)
		return;
	if (app->client && x->id)
		govdx_cancel(app->client, x->id);
	app->export = NULL;
	export_free(x, true);
}

bool cmd_export_cancel(struct app *app)
{
	char *path;

	if (!app->export)
		return false;
	path = xstrdup(app->export->path);
	cmd_export_drop(app);
	app_message(app, _("export stopped: %s not written"), path);
	free(path);
	return true;
}

/* Whether a spreadsheet would take the field for a formula: = + @ first, a
 * tab or carriage return first, or - not followed by a digit (-3 is a
 * number of days, and stays one). */
static bool formula(const char *s)
{
	if (s[0] == '-')
		return !(s[1] >= '0' && s[1] <= '9');
	return s[0] && strchr("=+@\t\r", s[0]) != NULL;
}

/* One CSV field: quoted when it holds a comma, quote or line break, or
 * would be a formula (then written after a '). */
static void field(FILE *f, const char *s, bool last)
{
	const char *p;
	bool quote;

	s = s ? s : "";
	quote = strpbrk(s, ",\"\r\n") != NULL || formula(s);
	if (quote) {
		fputc('"', f);
		if (formula(s))
			fputc('\'', f);
		for (p = s; *p; p++) {
			if (*p == '"')
				fputc('"', f);
			fputc(*p, f);
		}
		fputc('"', f);
	} else {
		fputs(s, f);
	}
	fputs(last ? "\r\n" : ",", f);
}

static void entry_row(FILE *f, const struct govdx_entry *e)
{
	field(f, e->code, false);
	field(f, e->name, false);
	field(f, e->department_code, false);
	field(f, e->department_name, false);
	field(f, e->platform_code, false);
	field(f, govdx_sharing_name(e->sharing_type), false);
	field(f, govdx_open_name(e->open_attribute), false);
	field(f, e->update_cycle, false);
	field(f, e->disputed ? "yes" : "no", true);
}

static void case_row(FILE *f, const struct case_kind *k, const void *obj)
{
	struct case_info c;
	char days[16] = "";

	k->info(obj, &c);
	if (c.working_days_left != GOVDX_NO_DAYS_LEFT)
		snprintf(days, sizeof days, "%d", c.working_days_left);
	field(f, c.id, false);
	field(f, c.state, false);
	field(f, c.deadline, false);
	field(f, days, false);
	field(f, c.entry_code, false);
	field(f, c.entry_name, false);
	field(f, c.provider_department, false);
	field(f, c.provider_department_name, false);
	field(f, c.other_department, false);
	field(f, c.other_department_name, false);
	field(f, c.created_at, false);
	field(f, c.updated_at, true);
}

static void next_page(struct cmd_export *x, const char *cursor);

static void held_cell(void *arg, const char *text, bool last)
{
	field(((struct cmd_export *)arg)->f, text, last);
}

/* The end of a page: on to the next, or the file is whole. */
static void page_done(struct cmd_export *x, const char *next_cursor)
{
	struct app *app = x->app;
	int rc;

	if (next_cursor) {
		app_message(app, _("exporting to %s: %zu rows... (Esc stops)"), x->path, x->rows);
		next_page(x, next_cursor);
		return;
	}
	fprintf(x->f, "# end: %zu rows\r\n", x->rows);
	rc = fflush(x->f) == 0 && fsync(fileno(x->f)) == 0 ? 0 : -1;
	fclose(x->f);
	x->f = NULL;
	if (rc == 0)
		rc = x->force ? rename(x->part, x->path) : link(x->part, x->path);
	if (rc < 0) {
		app_message(app, _("export to %s failed: %s"), x->path, strerror(errno));
		app->status_role = UI_ROLE_ERROR;
	} else {
		if (!x->force)
			unlink(x->part);
		app_message(app, _("exported %zu rows to %s"), x->rows, x->path);
	}
	app->export = NULL;
	export_free(x, rc < 0);
}

static void failed(struct cmd_export *x, const struct govdx_error *err)
{
	struct app *app = x->app;

	app_message(app, _("export to %s stopped: %s"), x->path, err->message);
	app->status_role = UI_ROLE_ERROR;
	app->export = NULL;
	export_free(x, true);
}

static void entries_cb(void *arg, const struct govdx_error *err, struct govdx_entry_page *p)
{
	struct cmd_export *x = arg;
	size_t i;

	x->id = 0;
	if (err) {
		failed(x, err);
		govdx_entry_page_free(p);
		return;
	}
	for (i = 0; i < p->n; i++) {
		x->seen++;
		if (!x->filter[0] || view_search_matches(x->filter, &p->items[i])) {
			entry_row(x->f, &p->items[i]);
			x->rows++;
		}
	}
	page_done(x, p->next_cursor);
	govdx_entry_page_free(p);
}

static void cases_cb(struct case_call *call, const struct govdx_error *err,
                     struct case_page *page)
{
	struct cmd_export *x = (struct cmd_export *)call;
	size_t i;

	x->id = 0;
	if (!page) {
		failed(x, err);
		return;
	}
	for (i = 0; i < page->n; i++) {
		x->seen++;
		if (!x->filter[0] ||
		    view_cases_matches(x->kind, x->box, x->app, x->filter, page->items[i])) {
			case_row(x->f, x->kind, page->items[i]);
			x->rows++;
		}
		x->kind->free(page->items[i]);
	}
	free(page->items);
	page_done(x, page->next_cursor);
	free(page->next_cursor);
}

static void next_page(struct cmd_export *x, const char *cursor)
{
	struct govdx_client *c = x->app->client;

	if (x->what == VIEW_LIST_SEARCH) {
		struct govdx_entry_query q;
		memset(&q, 0, sizeof q);
		q.disputed = -1;
		q.q = x->q;
		q.page.cursor = cursor;
		q.page.limit = EXPORT_PAGE;
		x->id = govdx_entries(c, &q, entries_cb, x);
	} else {
		x->call.page = cases_cb;
		x->id = x->kind->list(c, x->box, x->state, x->entry[0] ? x->entry : NULL,
		                      x->overdue_of[0] ? x->overdue_of : NULL, cursor, EXPORT_PAGE,
		                      &x->call);
	}
}

/* The comment lines and the header row. */
static void head(struct cmd_export *x, const char *user, const char *ctx)
{
	char when[64];
	time_t now = time(NULL);
	struct tm bj;

	beijing_time(now, &bj);
	strftime(when, sizeof when, "%Y-%m-%d %H:%M:%S", &bj);
	if (x->what == VIEW_LIST_SEARCH)
		fprintf(x->f, "# govdx export: search %s\r\n", x->q);
	else if (x->what == VIEW_LIST_HELD)
		fprintf(x->f, "# govdx export: %s\r\n", x->q);
	else
		fprintf(x->f, "# govdx export: %s %s%s%s%s%s%s%s\r\n", x->kind->plural, x->box,
		        x->state[0] ? " " : "", x->state, x->entry[0] ? " entry " : "", x->entry,
		        x->overdue_of[0] ? " overdue-of " : "", x->overdue_of);
	fprintf(x->f, "# filter: %s\r\n", x->filter[0] ? x->filter : "(none)");
	fprintf(x->f, "# user: %s, context %s\r\n", user, ctx);
	fprintf(x->f, "# time: %s Beijing time (UTC+8)\r\n", when);
	if (x->what == VIEW_LIST_SEARCH)
		fputs("code,name,department_code,department_name,platform_code,sharing_type,"
		      "open_attribute,update_cycle,disputed\r\n",
		      x->f);
	else if (x->what == VIEW_LIST_HELD)
		fprintf(x->f, "%s\r\n", x->head);
	else
		fputs("id,state,deadline,working_days_left,entry_code,entry_name,"
		      "provider_department,provider_department_name,other_department,"
		      "other_department_name,created_at,updated_at\r\n",
		      x->f);
}

int cmd_exec_export(struct app *app, const struct cmd_def *def, int argc, char **argv,
                    struct cmd_ctx *ctx)
{
	struct view *v = app_top(app);
	struct view_list l;
	struct cmd_export *x;
	struct stat st;
	int fd;

	if (app->export) {
		snprintf(ctx->err, sizeof ctx->err, _("an export to %s is running (Esc stops it)"),
		         app->export->path);
		return -1;
	}
	if (!v || !v->ops->list || !v->ops->list(v, app, &l)) {
		snprintf(ctx->err, sizeof ctx->err, "%s",
		         _("export: this view has no list to export (a search, a queue or the "
		           "figures have)"));
		return -1;
	}
	if (!app->client || app->conn != APP_CONNECTED) {
		snprintf(ctx->err, sizeof ctx->err, "%s", _("export: not connected"));
		return -1;
	}
	x = xcalloc(1, sizeof *x);
	x->app = app;
	x->force = argv[0][strlen(argv[0]) - 1] == '!';
	x->path = xstrdup(argv[1]);
	x->part = xasprintf("%s.part", argv[1]);
	if (!x->force && lstat(x->path, &st) == 0) {
		snprintf(ctx->err, sizeof ctx->err, _("export: %s exists (:export! %s replaces it)"),
		         x->path, x->path);
		export_free(x, false);
		return -1;
	}
	fd = open(x->part, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd < 0 || fchmod(fd, 0600) < 0 || !(x->f = fdopen(fd, "w"))) {
		snprintf(ctx->err, sizeof ctx->err, _("export: cannot create %s: %s"), x->part,
		         strerror(errno));
		if (fd >= 0) {
			close(fd);
			unlink(x->part);
		}
		export_free(x, false);
		return -1;
	}
	x->what = l.what;
	x->q = xstrdup(l.what == VIEW_LIST_HELD ? l.what_held : l.q ? l.q : "");
	x->head = xstrdup(l.head ? l.head : "");
	x->kind = l.kind;
	x->box = xstrdup(l.box ? l.box : "");
	x->state = xstrdup(l.state ? l.state : "");
	x->entry = xstrdup(l.entry ? l.entry : "");
	x->overdue_of = xstrdup(l.overdue_of ? l.overdue_of : "");
	x->filter = xstrdup(l.filter ? l.filter : "");
	head(x, app->me && app->me->user ? app->me->user : "?", app->ctx ? app->ctx->name : "?");
	app->export = x;
	if (x->what == VIEW_LIST_HELD) {
		/* The figures are held whole: written at once. */
		x->rows = l.rows(v, held_cell, x);
		page_done(x, NULL);
		return 0;
	}
	app_message(app, _("exporting to %s... (Esc stops)"), x->path);
	next_page(x, NULL);
	return 0;
}
