/*
 * cmd-complete — Tab completion of the `:` line: command names, then what
 * each command takes (platform names for goto, contexts, `set` options,
 * views for bind, boxes and states for the queues, theme roles for color),
 * from the app's command table and what is loaded.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "case.h"
#include "cmd.h"
#include "store.h"
#include "ui-theme.h"
#include "xalloc.h"

struct cands {
	char **v;
	size_t n, cap;
};

static void cand_add(struct cands *c, const char *s)
{
	size_t i;

	for (i = 0; i < c->n; i++)
		if (strcmp(c->v[i], s) == 0)
			return;
	xgrow(&c->v, &c->cap, c->n + 2, sizeof *c->v);
	c->v[c->n++] = xstrdup(s);
	c->v[c->n] = NULL;
}

static int cand_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

char **cmd_complete(void *arg, const char *line, size_t word_start)
{
	struct app *app = arg;
	struct cands c = { 0 };
	const char *word = line + word_start;
	size_t wlen = strcspn(word, " ");
	char first[64] = "";
	size_t i, flen = strcspn(line, " ");

	if (word_start > 0 && flen < sizeof first) {
		memcpy(first, line, flen);
		first[flen] = '\0';
	}
	if (word_start == 0 || line[strspn(line, " ")] == '\0') {
		size_t n = app->n_commands;
		const struct cmd_def *defs = app->commands;
		for (i = 0; i < n; i++) {
			if (strncmp(defs[i].name, word, wlen) == 0)
				cand_add(&c, defs[i].name);
		}
	} else if (cmd_lookup(app, first) && strcmp(cmd_lookup(app, first)->name, "goto") == 0 &&
	           app->store) {
		size_t it = 0;
		struct store_platform *p;
		while ((p = store_platform_next(app->store, &it))) {
			const char *name = p->p.level == GOVDX_LEVEL_NATIONAL ? "国家" : p->p.name;
			if (name && strncmp(name, word, wlen) == 0)
				cand_add(&c, name);
			else if (wlen && strncmp(p->p.code, word, wlen) == 0)
				cand_add(&c, p->p.code);
		}
	} else if (strcmp(first, "context") == 0) {
		for (i = 0; i < app->n_contexts; i++)
			if (strncmp(app->contexts[i].name, word, wlen) == 0)
				cand_add(&c, app->contexts[i].name);
		if (strncmp("add", word, wlen) == 0)
			cand_add(&c, "add");
		if (strncmp("list", word, wlen) == 0)
			cand_add(&c, "list");
	} else if (strcmp(first, "set") == 0) {
		const char *const *o = cmd_set_options();
		for (; *o; o++)
			if (strncmp(*o, word, wlen) == 0)
				cand_add(&c, *o);
	} else if (strcmp(first, "bind") == 0 || strcmp(first, "unbind") == 0) {
		for (i = 0; i < (size_t)cmd_n_views(); i++)
			if (strncmp(cmd_view_name((int)i), word, wlen) == 0)
				cand_add(&c, cmd_view_name((int)i));
		if (strncmp("all", word, wlen) == 0)
			cand_add(&c, "all");
	} else if (case_kind_named(first) && strcmp(first, case_kind_named(first)->plural) == 0) {
		const struct case_kind *kind = case_kind_named(first);
		const char *const *o;
		for (o = kind->boxes; *o; o++)
			if (strncmp(*o, word, wlen) == 0)
				cand_add(&c, *o);
		for (o = kind->states; *o; o++)
			if (strncmp(*o, word, wlen) == 0)
				cand_add(&c, *o);
	} else if (strcmp(first, "color") == 0) {
		int r;
		for (r = 0; r < UI_ROLE_COUNT; r++)
			if (strncmp(ui_theme_role_name(r), word, wlen) == 0)
				cand_add(&c, ui_theme_role_name(r));
	}
	if (!c.n)
		return NULL;
	qsort(c.v, c.n, sizeof *c.v, cand_cmp);
	return c.v;
}
