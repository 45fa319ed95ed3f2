/*
 * cmd-catalog — the commands of catalog maintenance (cmd-catalog.h).
 *
 * What the user may do is the service's: an entry's `actions` (revise,
 * retire) and a revision's (edit, submit, ...).  These commands say so
 * before anything is typed when the entry's list is known, and otherwise
 * let the service refuse.  Each write is one call whose record (the app
 * and what it is about) its callback frees; a refusal that names a field
 * (422 invalid_parameter, details.parameter) is said with that field.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <govdx.h>

#include "app.h"
#include "app-prompt.h"
#include "case.h"
#include "casestore.h"
#include "cmd-catalog.h"
#include "cmd-parse.h"
#include "cmd.h"
#include "i18n.h"
#include "store.h"
#include "view-catalog.h"
#include "view.h"
#include "xalloc.h"

/* What the top view's cursor is on: the kind ("entry", "revision", ...)
 * and the key. */
static bool subject(struct app *app, char *kind, size_t klen, char *key, size_t len)
{
	struct view *v = app_top(app);
	char s[256];
	size_t k;

	if (!v || !v->ops->subject || !v->ops->subject(v, app, s, sizeof s))
		return false;
	k = strcspn(s, ":");
	if (!s[k])
		return false;
	snprintf(kind, klen, "%.*s", (int)k, s);
	snprintf(key, len, "%s", s + k + 1);
	return true;
}

/* The entry given (argv[1]) or under the cursor (an entry, or the entry
 * of a case under it); -1 with the reason in ctx. */
static int entry_arg(struct app *app, const char *cmd, int argc, char **argv, char *code,
                     size_t len, struct cmd_ctx *ctx)
{
	char kind[32], key[128];
	struct casestore_item *it;

	if (argc > 1) {
		snprintf(code, len, "%s", argv[1]);
	} else if (subject(app, kind, sizeof kind, key, sizeof key) && !strcmp(kind, "entry")) {
		snprintf(code, len, "%s", key);
	} else if (case_kind_named(kind) && (it = casestore_find(app->cases, key)) && it->obj &&
	           it->c.entry_code) {
		snprintf(code, len, "%s", it->c.entry_code);
	} else {
		snprintf(ctx->err, sizeof ctx->err, _("%s: no entry here (give its CODE)"), cmd);
		return -1;
	}
	if (!cmd_entry_code_ok(code)) {
		snprintf(ctx->err, sizeof ctx->err, _("%s: '%.64s' is not an entry code: %s"), cmd,
		         code, CMD_CODE_SHAPE);
		return -1;
	}
	return 0;
}

/* The entry as loaded, or NULL. */
static const struct govdx_entry *loaded_entry(struct app *app, const char *code)
{
	struct store_entry *se = app->store ? store_entry(app->store, code) : NULL;

	return se ? se->e : NULL;
}

/* Whether the entry offers the action to this user; true when the
 * service sent no list (it decides). */
static bool entry_may(const struct govdx_entry *e, const char *action)
{
	size_t i;

	if (!e || !e->has_actions)
		return true;
	for (i = 0; i < e->n_actions; i++)
		if (!strcmp(e->actions[i].name, action))
			return true;
	return false;
}

int cmd_entry_history(struct app *app, const struct cmd_def *def, int argc, char **argv,
                      struct cmd_ctx *ctx)
{
	char code[128];

	(void)def;
	if (entry_arg(app, "entry-history", argc, argv, code, sizeof code, ctx) < 0)
		return -1;
	app_push(app, view_history_new(app, code));
	return 0;
}

/* The revision given or under the cursor. */
static int revision_arg(struct app *app, const char *cmd, int argc, char **argv, char *id,
                        size_t len, struct cmd_ctx *ctx)
{
	char kind[32];

	if (argc > 1 && case_kind_of_id(argv[1]) == &case_kind_revision) {
		snprintf(id, len, "%s", argv[1]);
		return 0;
	}
	if (subject(app, kind, sizeof kind, id, len) && !strcmp(kind, "revision"))
		return 0;
	snprintf(ctx->err, sizeof ctx->err,
	         _("%s: no revision here: move onto one (V: the revision queue), or give its id "
	           "(REV-000001)"),
	         cmd);
	return -1;
}

int cmd_revision_diff(struct app *app, const struct cmd_def *def, int argc, char **argv,
                      struct cmd_ctx *ctx)
{
	char id[64];

	(void)def;
	if (revision_arg(app, "revision-diff", argc, argv, id, sizeof id, ctx) < 0)
		return -1;
	app_push(app, view_diff_new_revision(app, id));
	return 0;
}

/* ---- drafts ----------------------------------------------------------- */

struct draft_call {
	struct app *app;
	char *what; /* the entry's code, or "" for a new entry */
};

static void draft_done(void *arg, const struct govdx_error *err, struct govdx_revision *r)
{
	struct draft_call *dc = arg;
	struct app *app = dc->app;
	char id[64];

	if (err) {
		if (!app_failure(app, err, NULL))
			app_error(app, _("no draft: %s"), err->message);
		govdx_revision_free(r);
	} else {
		struct casestore_item *it;
		snprintf(id, sizeof id, "%s", r->id);
		it = casestore_put(app->cases, &case_kind_revision, r, true);
		app_message(app,
		            _("%s drafted: :revise FIELD VALUE changes a field, :submit sends it "
		              "for review"),
		            id);
		app_open_case(app, id);
		/* The draft opens in its form, a new entry's too. */
		if (it && it->obj)
			app_push(app, view_revform_new(app, it->obj));
	}
	free(dc->what);
	free(dc);
	app->dirty = true;
}

static int draft(struct app *app, const char *code, const struct govdx_entry_fields *fields,
                 unsigned mask)
{
	struct govdx_revision_new req = { 0 };
	struct draft_call *dc = xcalloc(1, sizeof *dc);

	dc->app = app;
	dc->what = xstrdup(code ? code : "");
	req.entry_code = code;
	req.fields = fields;
	req.mask = mask;
	govdx_revision_create(app->client, &req, draft_done, dc);
	return 0;
}

int cmd_entry_edit(struct app *app, const struct cmd_def *def, int argc, char **argv,
                   struct cmd_ctx *ctx)
{
	char code[128];
	const struct govdx_entry *e;

	(void)def;
	if (entry_arg(app, "entry-edit", argc, argv, code, sizeof code, ctx) < 0)
		return -1;
	e = loaded_entry(app, code);
	if (e && !entry_may(e, "revise")) {
		snprintf(ctx->err, sizeof ctx->err,
		         _("entry-edit: you may not revise %s (only its own department's "
		           "cataloguers may%s)"),
		         code, e->retired ? _("; it is retired") : "");
		return -1;
	}
	return draft(app, code, NULL, 0);
}

int cmd_entry_new(struct app *app, const struct cmd_def *def, int argc, char **argv,
                  struct cmd_ctx *ctx)
{
	struct govdx_entry_fields f = { 0 };
	char *name;

	(void)def;
	(void)ctx;
	/* The draft of a new entry of the user's own department: its name
	 * (optional here), the rest by :revise. */
	name = argc > 1 ? cmd_parse_words(argc - 1, argv + 1) : NULL;
	f.name = name;
	draft(app, NULL, &f, name ? GOVDX_FIELD_BIT(GOVDX_FIELD_NAME) : 0);
	free(name);
	return 0;
}

int cmd_revision_edit(struct app *app, const struct cmd_def *def, int argc, char **argv,
                      struct cmd_ctx *ctx)
{
	char id[64];
	struct casestore_item *it;

	(void)def;
	if (revision_arg(app, "revision-edit", argc, argv, id, sizeof id, ctx) < 0)
		return -1;
	it = casestore_find(app->cases, id);
	if (!it || !it->obj) {
		snprintf(ctx->err, sizeof ctx->err, _("revision-edit: %s is not loaded yet"), id);
		return -1;
	}
	app_push(app, view_revform_new(app, it->obj));
	return 0;
}

/* ---- :revise FIELD VALUE ------------------------------------------------ */

/* Whether the revision offers "edit" (the PATCH, not a transition: no
 * action of the kind) to this user; true when the service sent no list. */
static bool offers_edit(const struct case_info *c)
{
	size_t i;

	if (!c->has_actions)
		return true;
	for (i = 0; i < c->n_actions; i++)
		if (c->actions[i].name && !strcmp(c->actions[i].name, "edit"))
			return true;
	return false;
}

/* Items as typed: "名称:类型:长度[:no]" separated by ';' (no: not shared). */
static size_t parse_items(char *text, struct govdx_revision_item **out)
{
	struct govdx_revision_item *items = NULL;
	size_t n = 0, cap = 0;
	char *save = NULL, *one;

	for (one = strtok_r(text, ";", &save); one; one = strtok_r(NULL, ";", &save)) {
		char *p[4] = { one, NULL, NULL, NULL };
		int k;
		for (k = 1; k < 4 && p[k - 1]; k++) {
			char *c = strchr(p[k - 1], ':');
			if (c) {
				*c = '\0';
				p[k] = c + 1;
			}
		}
		while (*p[0] == ' ')
			p[0]++;
		if (!*p[0])
			continue;
		xgrow(&items, &cap, n + 1, sizeof *items);
		memset(&items[n], 0, sizeof items[n]);
		items[n].name = p[0];
		items[n].type = p[1];
		items[n].length = p[2] ? atoi(p[2]) : 0;
		items[n].shared = !(p[3] && !strcmp(p[3], "no"));
		n++;
	}
	*out = items;
	return n;
}

struct revise_call {
	struct app *app;
	char *id;
	char *field;
};

static void revise_done(void *arg, const struct govdx_error *err, struct govdx_revision *r)
{
	struct revise_call *rc = arg;
	struct app *app = rc->app;

	if (err) {
		if (err->parameter[0])
			/* the service's refusal, on the field it names */
			app_error(app, _("%s not changed: %s: %s"), rc->id, err->parameter,
			          err->message);
		else if (!app_failure(app, err, NULL))
			app_error(app, _("%s not changed: %s"), rc->id, err->message);
		if (r)
			casestore_put(app->cases, &case_kind_revision, r, true);
	} else {
		casestore_put(app->cases, &case_kind_revision, r, true);
		app_message(app, _("%s: %s changed"), rc->id, rc->field);
	}
	free(rc->id);
	free(rc->field);
	free(rc);
	app->dirty = true;
}

int cmd_revise(struct app *app, const struct cmd_def *def, int argc, char **argv,
               struct cmd_ctx *ctx)
{
	char id[64], kind[32];
	struct casestore_item *it;
	struct govdx_entry_fields f = { 0 };
	struct govdx_revision_patch p = { 0 };
	struct revise_call *rc;
	enum govdx_field field;
	const char *const *texts[GOVDX_FIELD_COUNT] = { 0 };
	char *value;
	int first = 1;

	(void)def;
	if (argc > 1 && case_kind_of_id(argv[1]) == &case_kind_revision) {
		snprintf(id, sizeof id, "%s", argv[1]);
		first = 2;
	} else if (!subject(app, kind, sizeof kind, id, sizeof id) || strcmp(kind, "revision")) {
		snprintf(ctx->err, sizeof ctx->err, "%s",
		         _("revise: no revision here: open your draft (E on the entry, or V)"));
		return -1;
	}
	if (argc <= first) {
		snprintf(ctx->err, sizeof ctx->err, "%s",
		         _("revise: which field? name, classification, abstract, format, items, "
		           "sharing_type, sharing_condition, sharing_method, basis, open_attribute, "
		           "open_condition, update_cycle or related"));
		return -1;
	}
	field = govdx_field_from(argv[first]);
	if (field == GOVDX_FIELD_COUNT) {
		snprintf(ctx->err, sizeof ctx->err, _("revise: no field is called '%.40s'"),
		         argv[first]);
		return -1;
	}
	it = casestore_find(app->cases, id);
	if (it && it->obj && !offers_edit(&it->c)) {
		snprintf(ctx->err, sizeof ctx->err,
		         _("revise: %s cannot be changed now (only a draft or a returned "
		           "revision, by its department)"),
		         id);
		return -1;
	}
	/* Checkable here: a value that is no value of the field's list. */
	value = argc > first + 1 ? cmd_parse_words(argc - first - 1, argv + first + 1) : NULL;
	texts[GOVDX_FIELD_NAME] = (const char *const *)&f.name;
	texts[GOVDX_FIELD_CLASSIFICATION] = (const char *const *)&f.classification;
	texts[GOVDX_FIELD_ABSTRACT] = (const char *const *)&f.abstract;
	texts[GOVDX_FIELD_FORMAT] = (const char *const *)&f.format;
	texts[GOVDX_FIELD_SHARING_TYPE] = (const char *const *)&f.sharing_type;
	texts[GOVDX_FIELD_SHARING_CONDITION] = (const char *const *)&f.sharing_condition;
	texts[GOVDX_FIELD_SHARING_METHOD] = (const char *const *)&f.sharing_method;
	texts[GOVDX_FIELD_BASIS] = (const char *const *)&f.basis;
	texts[GOVDX_FIELD_OPEN_ATTRIBUTE] = (const char *const *)&f.open_attribute;
	texts[GOVDX_FIELD_OPEN_CONDITION] = (const char *const *)&f.open_condition;
	texts[GOVDX_FIELD_UPDATE_CYCLE] = (const char *const *)&f.update_cycle;
	if ((field == GOVDX_FIELD_SHARING_TYPE && value &&
	     strcmp(value, "unconditional") && strcmp(value, "conditional") &&
	     strcmp(value, "none")) ||
	    (field == GOVDX_FIELD_OPEN_ATTRIBUTE && value && strcmp(value, "open") &&
	     strcmp(value, "conditional") && strcmp(value, "closed")) ||
	    (field == GOVDX_FIELD_SHARING_METHOD && value && strcmp(value, "api") &&
	     strcmp(value, "file") && strcmp(value, "database"))) {
		snprintf(ctx->err, sizeof ctx->err,
		         _("revise: %s takes %s"), govdx_field_name(field),
		         field == GOVDX_FIELD_SHARING_TYPE ? "unconditional, conditional, none" :
		         field == GOVDX_FIELD_OPEN_ATTRIBUTE ? "open, conditional, closed" :
		                                              "api, file, database");
		free(value);
		return -1;
	}
	if (field == GOVDX_FIELD_ITEMS) {
		f.n_items = value ? parse_items(value, &f.items) : 0;
	} else if (field == GOVDX_FIELD_RELATED) {
		char *save = NULL, *c;
		size_t cap = 0;
		for (c = value ? strtok_r(value, " ,", &save) : NULL; c;
		     c = strtok_r(NULL, " ,", &save)) {
			xgrow(&f.related, &cap, f.n_related + 1, sizeof *f.related);
			f.related[f.n_related++] = c;
		}
	} else {
		*(const char **)texts[field] = value;
	}
	p.fields = &f;
	p.mask = GOVDX_FIELD_BIT(field);
	p.version = it && it->obj ? it->c.version : 0;
	rc = xcalloc(1, sizeof *rc);
	rc->app = app;
	rc->id = xstrdup(id);
	rc->field = xstrdup(govdx_field_name(field));
	govdx_revision_patch(app->client, id, &p, revise_done, rc);
	free(f.items);
	free(f.related);
	free(value);
	return 0;
}

/* ---- :retire ------------------------------------------------------------ */

struct retire_call {
	struct app *app;
	char *code;
	long version;
};

static void retire_done(void *arg, const struct govdx_error *err, struct govdx_entry *e)
{
	struct retire_call *rc = arg;
	struct app *app = rc->app;

	if (err) {
		if (!app_failure(app, err, NULL))
			app_error(app, _("%s not retired: %s"), rc->code, err->message);
	} else {
		app_message(app, _("%s retired: it stays readable, marked 下架; no new requests"),
		            rc->code);
	}
	govdx_entry_free(e);
	if (app->store)
		store_entry_touched(app->store, rc->code);
	free(rc->code);
	free(rc);
	app->dirty = true;
}

static void retire_send(struct app *app, struct retire_call *rc, const char *reason)
{
	struct govdx_transition t = { 0 };

	t.action = "retire";
	t.reason = reason;
	t.version = rc->version;
	govdx_entry_transition(app->client, rc->code, &t, retire_done, rc);
}

static void retire_reason(struct app *app, const char *text, void *arg)
{
	struct retire_call *rc = arg;

	if (!text) {
		app_message(app, _("%s not retired"), rc->code);
		free(rc->code);
		free(rc);
		return;
	}
	retire_send(app, rc, text);
}

int cmd_retire(struct app *app, const struct cmd_def *def, int argc, char **argv,
               struct cmd_ctx *ctx)
{
	char code[128], title[300];
	const struct govdx_entry *e;
	struct retire_call *rc;
	char *reason;
	int given = argc > 1 && cmd_entry_code_ok(argv[1]);

	(void)def;
	if (entry_arg(app, "retire", given ? 2 : 1, argv, code, sizeof code, ctx) < 0)
		return -1;
	e = loaded_entry(app, code);
	if (!e) {
		snprintf(ctx->err, sizeof ctx->err, _("retire: %s is not loaded yet: open it first"),
		         code);
		return -1;
	}
	if (!entry_may(e, "retire")) {
		snprintf(ctx->err, sizeof ctx->err,
		         _("retire: you may not retire %s (the data authority of its platform "
		           "may, while it is published)"),
		         code);
		return -1;
	}
	rc = xcalloc(1, sizeof *rc);
	rc->app = app;
	rc->code = xstrdup(code);
	rc->version = e->version;
	reason = argc > 1 + given ? cmd_parse_words(argc - 1 - given, argv + 1 + given) : NULL;
	if (reason) {
		retire_send(app, rc, reason);
		free(reason);
		return 0;
	}
	snprintf(title, sizeof title, _("Retire %s (下架): why? (the departments using it read it)"),
	         code);
	app_ask(app, title, true, _("A reason is required to retire an entry."), retire_reason, rc);
	return 0;
}
