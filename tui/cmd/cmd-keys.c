/*
 * cmd-keys — keys: running the binding of a key in the top view, in the
 * keymaps of text being typed (edit, line, field), the keys bound to a
 * command (for hints and help), and Tab completion of the `:` line.
 *
 * Lookup order: a view's own binding, then `all`.  Text being typed looks
 * in its keymap (line or field), then in edit, never in `all`: `j` is
 * text there.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "case.h"
#include "cmd.h"
#include "store.h"
#include "ui-keys.h"
#include "ui-theme.h"
#include "xalloc.h"

/* ---- keys -------------------------------------------------------------- */

bool cmd_key(struct app *app, int key)
{
	struct view *v = app_top(app);
	int vi = v ? cmd_view_index(v->ops->name) : -1;
	const struct cmd_binding *any = NULL;
	size_t i;
	char *line;

	for (i = 0; i < app->n_bindings; i++) {
		const struct cmd_binding *b = &app->bindings[i];
		if (b->key != key)
			continue;
		if (b->view == vi && vi >= 0) {
			any = b;
			break;
		}
		if (b->view == -1)
			any = b;
	}
	if (!any)
		return false;
	/* The binding may be replaced by the command it runs: copy it. */
	line = xstrdup(any->command);
	cmd_execute(app, line);
	free(line);
	return true;
}

const char *cmd_binding(struct app *app, int view, int key)
{
	size_t i;

	for (i = 0; i < app->n_bindings; i++)
		if (app->bindings[i].key == key && app->bindings[i].view == view)
			return app->bindings[i].command;
	return NULL;
}

/* The command a binding's line runs: its first word. */
static const struct cmd_def *line_def(const char *line)
{
	char name[64];
	size_t n = strcspn(line, " \t");

	if (n >= sizeof name)
		return NULL;
	memcpy(name, line, n);
	name[n] = '\0';
	return cmd_find(name);
}

const struct cmd_def *cmd_key_def(struct app *app, int key)
{
	struct view *v = app_top(app);
	int vi = v ? cmd_view_index(v->ops->name) : -1;
	const char *line = vi >= 0 ? cmd_binding(app, vi, key) : NULL;

	if (!line)
		line = cmd_binding(app, -1, key);
	return line ? line_def(line) : NULL;
}

enum edit_op cmd_edit_op(struct app *app, const char *keymap, int key, const char **line)
{
	const char *b = cmd_binding(app, cmd_view_index(keymap), key);
	const struct cmd_def *d;

	if (!b)
		b = cmd_binding(app, cmd_view_index("edit"), key);
	if (line)
		*line = b;
	d = b ? line_def(b) : NULL;
	return d ? d->edit : EDIT_NONE;
}

/* Runs a binding that is not an edit command (the binding may be
 * replaced by the command it runs: a copy is run). */
static void run_binding(struct app *app, const char *line)
{
	char *copy = xstrdup(line);

	cmd_execute(app, copy);
	free(copy);
}

enum ui_line_result cmd_line_key(struct app *app, struct ui_line *l, int key)
{
	const char *line;
	enum edit_op op = cmd_edit_op(app, "line", key, &line);

	if (op != EDIT_NONE)
		return ui_line_do(l, op);
	if (line)
		run_binding(app, line);
	else if (key < UI_KEY_FN)
		ui_line_insert(l, (wint_t)key);
	return UI_LINE_EDITING;
}

enum ui_edit_result cmd_field_key(struct app *app, struct ui_edit *e, int key)
{
	const char *line;
	enum edit_op op = cmd_edit_op(app, "field", key, &line);

	if (op != EDIT_NONE)
		return ui_edit_do(e, op);
	if (line)
		run_binding(app, line);
	else if (key < UI_KEY_FN)
		ui_edit_insert(e, (wint_t)key);
	else
		ui_edit_insert(e, 0); /* a function key: nothing typed, a move */
	return UI_EDIT_EDITING;
}

void cmd_keys_for(struct app *app, int view, const char *command, char *buf, size_t len)
{
	size_t i, used = 0;
	char name[32];

	buf[0] = '\0';
	for (i = 0; i < app->n_bindings; i++) {
		const struct cmd_binding *b = &app->bindings[i];
		size_t n = strlen(command);
		if (b->view != view || strncmp(b->command, command, n) != 0 ||
		    (b->command[n] && b->command[n] != ' '))
			continue;
		ui_keys_name(b->key, name, sizeof name);
		used += (size_t)snprintf(buf + used, used < len ? len - used : 0, "%s%s",
		                         used ? " " : "", name);
		if (used >= len)
			break;
	}
}

void cmd_first_key(struct app *app, int view, const char *command, char *buf, size_t len)
{
	char keys[128];

	cmd_keys_for(app, view, command, keys, sizeof keys);
	if (!keys[0] && view >= 0)
		cmd_keys_for(app, -1, command, keys, sizeof keys);
	snprintf(buf, len, "%.*s", (int)strcspn(keys, " "), keys);
}

int cmd_case_actions(struct app *app, int view, const struct case_kind *kind, const void *obj,
                     const char *sep, char *buf, size_t len)
{
	size_t i, used = 0;
	int n = 0;
	char key[32];

	buf[0] = '\0';
	for (i = 0; obj && i < kind->n_actions; i++) {
		const char *name = kind->actions[i].name;
		if (!case_may(kind, obj, name))
			continue;
		cmd_first_key(app, view, name, key, sizeof key);
		used += (size_t)snprintf(buf + used, used < len ? len - used : 0, "%s%s%s%s",
		                         n ? sep : "", key[0] ? key : ":", key[0] ? " " : "", name);
		n++;
		if (used >= len)
			break;
	}
	return n;
}

/* ---- completion -------------------------------------------------------- */

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
		size_t n;
		const struct cmd_def *defs = cmd_defs(&n);
		for (i = 0; i < n; i++) {
			if (strncmp(defs[i].name, word, wlen) == 0)
				cand_add(&c, defs[i].name);
		}
	} else if (cmd_find(first) && strcmp(cmd_find(first)->name, "goto") == 0 && app->store) {
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
