/*
 * app — console state: contexts, the connection and its health, the view
 * stack, the status line and the theme (see app.h).  The loop and the
 * frame around the views are in app-loop.c.
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "app.h"
#include "batch.h"
#include "hmap.h"
#include "casestore.h"
#include "i18n.h"
#include "xalloc.h"

/* Health is checked this often while connected, so that a service that
 * went away is noticed even when nothing else is asked of it. */
#define HEALTH_INTERVAL_MS 3000
#define BACKOFF_MAX_S 5

int64_t app_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

struct app *app_alloc(void)
{
	struct app *app = xcalloc(1, sizeof *app);

	app->history_size = 500;
	app->preview = true;
	/* A secure terminal left alone locks (set lock-after). */
	app->lock_after_ms = 15 * 60 * 1000;
	app->timeout_ms = 15000;
	app->connect_timeout_ms = 3000;
	app->last_key_ms = app_now_ms();
	app->theme_name = xstrdup("default");
	app->sig_pipe[0] = app->sig_pipe[1] = -1;
	ui_canvas_init(&app->canvas);
	ui_theme_reset(&app->theme, "default");
	app->status_role = UI_ROLE_STATUS;
	return app;
}

static void context_free(struct app_context *c)
{
	free(c->name);
	free(c->url);
	free(c->token_file);
	free(c->ca_file);
	free(c->cert_file);
	free(c->key_file);
}

static void views_clear(struct app *app)
{
	while (app->n_views > 0) {
		struct view *v = app->views[--app->n_views];
		v->ops->free(v);
	}
}

void app_free(struct app *app)
{
	size_t i;

	if (!app)
		return;
	app_prompt_free(app);
	if (app->on_reset)
		app->on_reset(app);
	views_clear(app);
	/* The client cancels its calls; then the stores free their records. */
	govdx_client_free(app->client);
	store_free(app->store);
	casestore_free(app->cases);
	batch_free(app->batch);
	hmap_free(app->tags, NULL);
	govdx_me_free(app->me);
	for (i = 0; i < app->n_contexts; i++)
		context_free(&app->contexts[i]);
	free(app->contexts);
	for (i = 0; i < app->n_bindings; i++)
		free(app->bindings[i].command);
	free(app->bindings);
	for (i = 0; i < app->n_warnings; i++)
		free(app->warnings[i]);
	for (i = 0; i < APP_MAX_MESSAGES; i++)
		free(app->messages[i].text);
	free(app->warnings);
	free(app->default_context);
	free(app->default_context_where);
	free(app->theme_name);
	free(app->history_path);
	free(app->config_path);
	free(app->filter_before);
	for (i = 0; i < app->n_later; i++)
		free(app->later[i]);
	ui_line_free(app->cmdline);
	ui_line_free(app->filterline);
	ui_canvas_free(&app->canvas);
	if (app->sig_pipe[0] >= 0) {
		close(app->sig_pipe[0]);
		close(app->sig_pipe[1]);
	}
	free(app);
}

struct app_context *app_context_find(struct app *app, const char *name)
{
	size_t i;

	for (i = 0; i < app->n_contexts; i++)
		if (strcmp(app->contexts[i].name, name) == 0)
			return &app->contexts[i];
	return NULL;
}

bool app_read_only(const struct app *app)
{
	return app->read_only || (app->ctx && app->ctx->read_only);
}

/* ---- status line ------------------------------------------------------- */

/* Keeps a message for :messages. */
static void remember(struct app *app, int role, const char *text)
{
	struct app_msg *m;

	if (!text[0])
		return;
	if (app->n_messages) {
		m = &app->messages[(app->msg_first + app->n_messages - 1) % APP_MAX_MESSAGES];
		if (m->role == role && strcmp(m->text, text) == 0) {
			m->at = time(NULL);
			return;
		}
	}
	if (app->n_messages == APP_MAX_MESSAGES) {
		free(app->messages[app->msg_first].text);
		app->messages[app->msg_first].text = NULL;
		app->msg_first = (app->msg_first + 1) % APP_MAX_MESSAGES;
		app->n_messages--;
	}
	m = &app->messages[(app->msg_first + app->n_messages) % APP_MAX_MESSAGES];
	m->at = time(NULL);
	m->role = role;
	m->text = xstrdup(text);
	app->n_messages++;
}

const struct app_msg *app_message_at(const struct app *app, size_t i)
{
	if (i >= app->n_messages)
		return NULL;
	return &app->messages[(app->msg_first + i) % APP_MAX_MESSAGES];
}

static void status_set(struct app *app, int role, const char *fmt, va_list ap)
	__attribute__((format(printf, 3, 0)));

static void status_set(struct app *app, int role, const char *fmt, va_list ap)
{
	vsnprintf(app->status, sizeof app->status, fmt, ap);
	app->status_role = role;
	app->dirty = true;
	remember(app, role, app->status);
}

void app_message(struct app *app, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	status_set(app, UI_ROLE_STATUS, fmt, ap);
	va_end(ap);
}

void app_error(struct app *app, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	status_set(app, UI_ROLE_ERROR, fmt, ap);
	va_end(ap);
}

void app_unsay(struct app *app, const char *text)
{
	if (text[0] && !strcmp(app->status, text)) {
		app->status[0] = '\0';
		app->status_role = UI_ROLE_STATUS;
		app->dirty = true;
	}
}

void app_warn(struct app *app, const char *fmt, ...)
{
	va_list ap;
	char buf[600];

	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	app->warnings = xrealloc(app->warnings, (app->n_warnings + 1) * sizeof *app->warnings);
	app->warnings[app->n_warnings++] = xstrdup(buf);
	/* The first warning stays on the status line; :messages lists all. */
	if (app->n_warnings == 1)
		snprintf(app->status, sizeof app->status, "%s", buf);
	else
		snprintf(app->status, sizeof app->status, _("%s (and %zu more — :messages)"),
		         app->warnings[0], app->n_warnings - 1);
	app->status_role = UI_ROLE_WARN;
	app->dirty = true;
	remember(app, UI_ROLE_WARN, buf);
}

/* ---- views ------------------------------------------------------------- */

struct view *app_top(struct app *app)
{
	return app->n_views ? app->views[app->n_views - 1] : NULL;
}

void app_push(struct app *app, struct view *v)
{
	if (app->n_views == APP_MAX_VIEWS) {
		/* Keep the directory at the bottom; drop the oldest above it. */
		struct view *old = app->views[1];
		old->ops->free(old);
		memmove(&app->views[1], &app->views[2],
		        (APP_MAX_VIEWS - 2) * sizeof app->views[0]);
		app->n_views--;
	}
	app->views[app->n_views++] = v;
	app->dirty = true;
}

bool app_pop(struct app *app)
{
	struct view *v;

	if (app->n_views <= 1)
		return false;
	v = app->views[--app->n_views];
	v->ops->free(v);
	app->dirty = true;
	return true;
}

void app_open_entry(struct app *app, const char *code)
{
	app_push(app, app->opens->entry(app, code));
}

void app_open_search(struct app *app, const char *q)
{
	app_push(app, app->opens->search(app, q));
}

void app_open_cases(struct app *app, const struct case_kind *kind, const char *box,
                    const char *state)
{
	struct view *v = app_top(app);

	if (!box)
		box = kind->default_box(app->me ? app->me->role : NULL);
	if (v && app->opens->cases_kind(v) == kind)
		app->opens->cases_show(v, app, box, state ? state : "");
	else
		app_push(app, app->opens->cases(app, kind, box, state ? state : ""));
}

bool app_open_case(struct app *app, const char *id)
{
	if (!case_kind_of_id(id))
		return false;
	app_push(app, app->opens->one_case(app, id));
	return true;
}

bool app_tagged(struct app *app, const char *id)
{
	return app->tags && hmap_get(app->tags, id) != NULL;
}

void app_tag(struct app *app, const char *id, int want)
{
	bool on = app_tagged(app, id);

	if (!app->tags)
		app->tags = hmap_new();
	if (want < 0)
		want = !on;
	if (want && !on)
		hmap_put(app->tags, id, (void *)1);
	else if (!want && on)
		hmap_del(app->tags, id);
	app->dirty = true;
}

size_t app_n_tagged(struct app *app)
{
	return app->tags ? hmap_count(app->tags) : 0;
}

size_t app_n_tagged_kind(struct app *app, const struct case_kind *kind)
{
	size_t it = 0, n = 0;
	const char *key;

	while (app->tags && hmap_next(app->tags, &it, &key, NULL))
		n += case_kind_of_id(key) == kind;
	return n;
}

int app_busy(struct app *app)
{
	int n;

	if (!app->client)
		return 0;
	/* background work is not the user's: the events long poll and the
	 * health check */
	n = govdx_client_pending(app->client) - app->health_in_flight;
	if (app->cases)
		n -= casestore_idle_calls(app->cases);
	return n < 0 ? 0 : n;
}

/* ---- the connection ---------------------------------------------------- */

static void disconnected(struct app *app, const char *reason)
{
	if (app->conn != APP_DISCONNECTED) {
		app->conn = APP_DISCONNECTED;
		app->backoff_s = 1;
		app->next_health_ms = app_now_ms() + 1000;
	}
	snprintf(app->conn_reason, sizeof app->conn_reason, "%s", reason);
	app->dirty = true;
}

/* A service that said how long to wait (503 Retry-After) is not asked
 * again before; never more than a minute, so that it is seen back. */
static void wait_as_asked(struct app *app, const struct govdx_error *err)
{
	int s = err->retry_after > 60 ? 60 : err->retry_after;

	if (s > 0 && app->next_health_ms < app_now_ms() + s * 1000LL)
		app->next_health_ms = app_now_ms() + s * 1000LL;
}

bool app_failure(struct app *app, const struct govdx_error *err, const char *what)
{
	if (err->http_status == 429) {
		/* Rate limited: nothing is wrong but the pace. */
		app_error(app, _("slow down, retry in %d s: %s"),
		          err->retry_after > 0 ? err->retry_after : 1, err->message);
		return true;
	}
	if (err->kind != GOVDX_ERR_TRANSPORT && err->http_status != 503) {
		if (!what)
			return false;
		app_error(app, "%s: %s", what, err->message);
		return true;
	}
	disconnected(app, err->message);
	wait_as_asked(app, err);
	if (err->retry_after > 0)
		app_error(app, _("%s; retry in %d s"), err->message, err->retry_after);
	else
		app_error(app, "%s", err->message);
	return true;
}

static void me_cb(void *arg, const struct govdx_error *err, struct govdx_me *me)
{
	struct app *app = arg;

	if (err) {
		/* The service away: the health check says so on the status
		 * line, once. */
		if (err->kind == GOVDX_ERR_TRANSPORT || err->http_status == 503) {
			disconnected(app, err->message);
			wait_as_asked(app, err);
		} else if (!app_failure(app, err, NULL)) {
			app_error(app, _("who am I: %s"), err->message);
		}
		return;
	}
	govdx_me_free(app->me);
	app->me = me;
	if (app->cases)
		casestore_set_me(app->cases, me->department_code, me->role);
	app->dirty = true;
}

const char *app_health_problem(const struct govdx_error *err, const struct govdx_health *h,
                               char *buf, size_t len)
{
	if (err) {
		snprintf(buf, len, "%s", err->message);
		return buf;
	}
	if (h && ((h->database && strcmp(h->database, "ok") != 0) ||
	          (h->status && strcmp(h->status, "ok") != 0))) {
		snprintf(buf, len, _("the service is up but its database is not reachable%s%s%s"),
		         h->database && strcmp(h->database, "unavailable") ? " (" : "",
		         h->database && strcmp(h->database, "unavailable") ? h->database : "",
		         h->database && strcmp(h->database, "unavailable") ? ")" : "");
		return buf;
	}
	return NULL;
}

static void health_cb(void *arg, const struct govdx_error *err, struct govdx_health *h)
{
	struct app *app = arg;
	bool was_down = app->conn != APP_CONNECTED;
	char reason[600];

	app->health_in_flight = false;
	if (app_health_problem(err, h, reason, sizeof reason)) {
		/* Said at once on the status line (the header only says
		 * "disconnected"), and again whenever the reason changes — a
		 * service back without its database is not "connection
		 * refused" any more.  A config warning stays (:messages). */
		if (strcmp(app->conn_reason, reason) != 0 && app->status_role != UI_ROLE_WARN)
			app_error(app, _("disconnected: %s"), reason);
		if (app->conn == APP_DISCONNECTED) {
			app->backoff_s = app->backoff_s * 2 > BACKOFF_MAX_S ? BACKOFF_MAX_S
			                                                     : app->backoff_s * 2;
			app->next_health_ms = app_now_ms() + app->backoff_s * 1000;
			snprintf(app->conn_reason, sizeof app->conn_reason, "%s", reason);
			app->dirty = true;
		} else {
			disconnected(app, reason);
		}
		if (err)
			wait_as_asked(app, err);
		govdx_health_free(h);
		return;
	}
	govdx_health_free(h);
	app->conn = APP_CONNECTED;
	app->conn_reason[0] = '\0';
	app->next_health_ms = app_now_ms() + HEALTH_INTERVAL_MS;
	if (was_down) {
		/* Back: fetch again whatever failed while away. */
		if (!app->me)
			govdx_me(app->client, me_cb, app);
		store_retry_errors(app->store);
		casestore_retry_errors(app->cases);
		if (app->status_role == UI_ROLE_ERROR)
			app_message(app, _("connected to %s"), govdx_client_url(app->client));
	}
	app->dirty = true;
}

void app_health_tick(struct app *app)
{
	if (!app->client || app->health_in_flight || app_now_ms() < app->next_health_ms)
		return;
	app->health_in_flight = true;
	app->health_sent_ms = app_now_ms();
	if (!govdx_health(app->client, health_cb, app))
		app->health_in_flight = false;
}

static void store_changed(void *arg)
{
	((struct app *)arg)->dirty = true;
}

static void store_failed(void *arg, const struct govdx_error *err, const char *what)
{
	app_failure(arg, err, what);
}

static void live_notify(void *arg, const char *msg)
{
	struct app *app = arg;

	/* An error on the status line stays until the user has seen it. */
	if (app->status_role != UI_ROLE_ERROR && app->mode == APP_MODE_NORMAL)
		app_message(app, _("live: %s"), msg);
	app->dirty = true;
}

/* An objection changed: the entry's disputed mark may have too. */
static void entry_touched(void *arg, const char *code)
{
	struct app *app = arg;

	if (app->store)
		store_entry_touched(app->store, code);
}

int app_connect(struct app *app, struct app_context *ctx, char *err, size_t errlen)
{
	struct govdx_options opt = { 0 };
	struct govdx_error e = { 0 };
	struct govdx_client *c;
	struct store_hooks hooks = { store_changed, store_failed, app };
	struct casestore_hooks chooks = { store_changed, store_failed, live_notify, entry_touched,
		                          app };

	opt.url = ctx->url;
	opt.token_file = ctx->token_file;
	opt.ca_file = ctx->ca_file;
	opt.cert_file = ctx->cert_file;
	opt.key_file = ctx->key_file;
	opt.connect_timeout_ms = (long)app->connect_timeout_ms;
	opt.timeout_ms = (long)app->timeout_ms;
	if (govdx_client_new(&opt, &c, &e) < 0) {
		snprintf(err, errlen, _("context %s: %s"), ctx->name, e.message);
		return -1;
	}
	app_prompt_cancel(app);
	if (app->on_reset)
		app->on_reset(app);
	views_clear(app);
	govdx_client_free(app->client);
	store_free(app->store);
	casestore_free(app->cases);
	batch_free(app->batch);
	app->batch = NULL;
	app->batch_retry_ms = 0;
	hmap_free(app->tags, NULL);
	app->tags = NULL;
	app->tag_prefix = false;
	govdx_me_free(app->me);
	app->me = NULL;
	app->client = c;
	app->ctx = ctx;
	app->store = store_new(c, &hooks);
	app->cases = casestore_new(c, &chooks, app_now_ms);
	app->conn = APP_CONNECTING;
	app->conn_reason[0] = '\0';
	app->health_in_flight = false;
	app->next_health_ms = 0;
	app->backoff_s = 1;
	app_health_tick(app);
	govdx_me(app->client, me_cb, app);
	app_push(app, app->opens->directory(app));
	return 0;
}

void app_later(struct app *app, const char *line)
{
	if (app->n_later < APP_MAX_LATER)
		app->later[app->n_later++] = xstrdup(line);
}

char *app_take_later(struct app *app)
{
	char *line;

	if (!app->n_later)
		return NULL;
	line = app->later[0];
	memmove(app->later, app->later + 1, --app->n_later * sizeof *app->later);
	return line;
}
