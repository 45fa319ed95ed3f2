/*
 * cmd-stats — the commands of the supervision figures: `stats` (the
 * figures of a scope and period, by department, entry or month, in an
 * order), `stats-sort` (the next or previous order, asked of the service
 * again) and `unmet` (the unmet demand).  Their words are read by shape,
 * in any order: a by (department, entry, month), a sort of it, a date
 * YYYY-MM-DD (the first is the period's start, the second its end), a
 * 6-digit platform code.  The view on top is changed when it is of the
 * command's kind; else a new one opens.
 *
 * Who may see figures is the service's rule (an official gets 403); when
 * the console already knows the user is an official it says so at once.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "app.h"
#include "cmd.h"
#include "i18n.h"
#include "view-stats.h"

/* The first sort of a by: departments come latest first (who answers
 * late), entries most requested first. */
static const char *default_sort(const char *by)
{
	if (!strcmp(by, "department"))
		return "late";
	if (!strcmp(by, "entry"))
		return "requests";
	return "code";
}

static bool in(const char *const *list, const char *w)
{
	for (; *list; list++)
		if (!strcmp(*list, w))
			return true;
	return false;
}

static bool all_digits(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return s[n] == '\0';
}

/* YYYY-MM-DD by its shape (the service checks the date itself). */
static bool date_shape(const char *s)
{
	int i;

	for (i = 0; i < 10; i++)
		if (i == 4 || i == 7 ? s[i] != '-' : (s[i] < '0' || s[i] > '9'))
			return false;
	return s[10] == '\0';
}

/* An official may not see figures: true (with the message) when the
 * console knows the user is one. */
static bool official(struct app *app, struct cmd_ctx *ctx)
{
	if (!app->me || !app->me->role || strcmp(app->me->role, "official") != 0)
		return false;
	snprintf(ctx->err, sizeof ctx->err, "%s",
	         _("an official sees no figures (they are for authorities, admins, approvers "
	           "and helpdesks)"));
	return true;
}

/* Reads the words into q; -1 with ctx->err on one it does not know. */
static int read_words(int argc, char **argv, struct view_stats_query *q, bool rows,
                      struct cmd_ctx *ctx)
{
	static const char *const bys[] = { "department", "entry", "month", NULL };
	const char *sort = NULL;
	int i, dates = 0;
	bool by_given = false;

	for (i = 1; i < argc; i++) {
		const char *w = argv[i];

		if (rows && in(bys, w)) {
			snprintf(q->by, sizeof q->by, "%s", w);
			by_given = true;
		} else if (rows && (in(view_stats_sorts("department"), w) ||
		                    in(view_stats_sorts("entry"), w))) {
			sort = w;
		} else if (strlen(w) == 6 && all_digits(w, 6)) {
			snprintf(q->platform, sizeof q->platform, "%s", w);
		} else if (date_shape(w) && dates < 2) {
			snprintf(dates++ ? q->to : q->from, sizeof q->from, "%s", w);
		} else {
			snprintf(ctx->err, sizeof ctx->err,
			         rows ? _("%s: '%.40s' is no by (department, entry, month), order, date "
			                  "YYYY-MM-DD or 6-digit platform code") :
			                _("%s: '%.40s' is no date YYYY-MM-DD or 6-digit platform code"),
			         argv[0], w);
			return -1;
		}
	}
	if (!rows)
		return 0;
	if (sort && !in(view_stats_sorts(q->by), sort)) {
		snprintf(ctx->err, sizeof ctx->err, _("stats: by %s has no order '%s'"), q->by, sort);
		return -1;
	}
	if (sort)
		snprintf(q->sort, sizeof q->sort, "%s", sort);
	else if (by_given || !q->sort[0] || !in(view_stats_sorts(q->by), q->sort))
		snprintf(q->sort, sizeof q->sort, "%s", default_sort(q->by));
	return 0;
}

int cmd_stats(struct app *app, const struct cmd_def *def, int argc, char **argv,
              struct cmd_ctx *ctx)
{
	struct view *top = app_top(app);
	struct view_stats_query q = { .by = "department" };
	bool here = top && view_stats_get(top, &q);

	if (official(app, ctx))
		return -1;
	if (!here && top && view_unmet_get(top, &q)) {
		/* from the unmet demand: the same scope and period */
		snprintf(q.by, sizeof q.by, "department");
		q.sort[0] = '\0';
	}
	if (read_words(argc, argv, &q, true, ctx) < 0)
		return -1;
	if (here)
		view_stats_set(top, &q);
	else
		app_push(app, view_stats_new(app, &q));
	app->dirty = true;
	return 0;
}

int cmd_stats_sort(struct app *app, const struct cmd_def *def, int argc, char **argv,
                   struct cmd_ctx *ctx)
{
	struct view *top = app_top(app);
	struct view_stats_query q;
	const char *const *sorts;
	size_t n, i;

	if (!top || !view_stats_get(top, &q)) {
		snprintf(ctx->err, sizeof ctx->err, "%s", _("stats-sort: only in the figures (:stats)"));
		return -1;
	}
	sorts = view_stats_sorts(q.by);
	for (n = 0; sorts[n]; n++)
		;
	for (i = 0; i < n && strcmp(sorts[i], q.sort); i++)
		;
	if (argc < 2 || !strcmp(argv[1], "next")) {
		i = i < n ? (i + 1) % n : 0;
	} else if (!strcmp(argv[1], "prev")) {
		i = i < n ? (i + n - 1) % n : 0;
	} else {
		for (i = 0; i < n && strcmp(sorts[i], argv[1]); i++)
			;
		if (i == n) {
			snprintf(ctx->err, sizeof ctx->err, _("stats-sort: by %s has no order '%s'"),
			         q.by, argv[1]);
			return -1;
		}
	}
	if (n == 1) {
		snprintf(ctx->err, sizeof ctx->err, "%s", _("stats-sort: months come in their order"));
		return -1;
	}
	snprintf(q.sort, sizeof q.sort, "%s", sorts[i]);
	view_stats_set(top, &q);
	app_message(app, _("sorted by %s"), view_stats_word(q.sort));
	return 0;
}

int cmd_unmet(struct app *app, const struct cmd_def *def, int argc, char **argv,
              struct cmd_ctx *ctx)
{
	struct view *top = app_top(app);
	struct view_stats_query q = { .by = "department" };
	bool here = top && view_unmet_get(top, &q);

	if (official(app, ctx))
		return -1;
	if (!here && top)
		view_stats_get(top, &q); /* from the figures: the same scope and period */
	if (read_words(argc, argv, &q, false, ctx) < 0)
		return -1;
	if (here)
		view_unmet_set(top, &q);
	else
		app_push(app, view_unmet_new(app, &q));
	app->dirty = true;
	return 0;
}
