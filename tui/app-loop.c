/*
 * app-loop — the console's one loop, keyboard modes and the frame around
 * the views (header, crumbs, status line, command line).
 *
 * The loop never blocks anywhere but in govdx_client_poll, which watches
 * the client's sockets, stdin and the signal self-pipe together.  After a
 * wake-up it lets the client finish transfers (callbacks fill the store and
 * set app->dirty), drains every pending key (curses buffers input, so one
 * readable stdin may hold several), and draws one frame if anything changed.
 *
 * The test hook.  With GOVDX_TEST_REPORT set, the console tells a test
 * driving it (tests/screen/console.py) when it has finished reacting, so
 * that the test acts on state and never on time.  Each frame is bracketed
 * in the terminal's title: "govdx-test drawing frame=N" before it, and
 * after it, and whenever it changes, the report
 *   govdx-test idle|busy sync=K frame=N passes=P held=H cases=C mode=M view=V row=ID | STATUS
 * K counts the sync keys read (a test sends ESC [ 9999 ~ after its keys, so
 * sync=K says every key before the K-th sync was handled); P the loop's
 * wake-ups when the K-th was read; H the rows of lists held in memory
 * (entry lists and queues, store_held + casestore_held) and C the cases
 * kept, both bounded however far one scrolls; busy: calls the user waits for are in
 * flight (not the health check, not the events long poll); row: the id under the cursor (entry:CODE,
 * request:REQ-…), "-" for none; STATUS the status line.  The title travels
 * in the terminal's stream, so a terminal showing a report has drawn the
 * frame before it.  On quit the title says "govdx-test exited".
 *
 * The signal handler's pipe descriptor is the one static variable of the
 * console: a handler receives no argument, so it cannot be in struct app.
 */
#include "config.h"

#define _XOPEN_SOURCE_EXTENDED 1
#include <curses.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app.h"
#include "batch.h"
#include "cmd.h"
#include "case.h"
#include "casestore.h"
#include "store.h"
#include "i18n.h"
#include "ui-keys.h"
#include "ui-width.h"
#include "xalloc.h"

static volatile sig_atomic_t signal_fd = -1;

static void on_signal(int sig)
{
	int saved = errno;
	unsigned char b = (unsigned char)sig;

	if (signal_fd >= 0 && write(signal_fd, &b, 1) < 0) {
		/* the pipe is full: a wake-up is already pending */
	}
	errno = saved;
}

int app_signals_init(struct app *app)
{
	struct sigaction sa;
	int i;

	if (pipe(app->sig_pipe) < 0)
		return -1;
	for (i = 0; i < 2; i++) {
		fcntl(app->sig_pipe[i], F_SETFL, fcntl(app->sig_pipe[i], F_GETFL) | O_NONBLOCK);
		fcntl(app->sig_pipe[i], F_SETFD, FD_CLOEXEC);
	}
	signal_fd = app->sig_pipe[1];
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = SA_RESTART;
	sigaction(SIGWINCH, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	return 0;
}

/* ---- the frame --------------------------------------------------------- */

static const char spinner[] = "|/-\\";

/* Appends the service URL to the header when it fits in room columns,
 * else its host and port, else nothing: "http:/~" helps no one. */
static void add_service(char *left, size_t len, const char *url, int room)
{
	size_t used = strlen(left);
	const char *host = strstr(url, "://");
	char hp[256];

	host = host ? host + 3 : url;
	snprintf(hp, sizeof hp, "%.*s", (int)strcspn(host, "/"), host);
	if (ui_width_utf8(left) + 2 + ui_width_utf8(url) <= room)
		snprintf(left + used, len - used, "  %s", url);
	else if (ui_width_utf8(left) + 2 + ui_width_utf8(hp) <= room)
		snprintf(left + used, len - used, "  %s", hp);
}

/* Whole seconds the health check in flight has gone unanswered, once past
 * SILENT_AFTER_MS (a quick service answers far sooner); else 0. */
#define SILENT_AFTER_MS 2000
static int silent_s(struct app *app)
{
	int64_t out = app_now_ms() - app->health_sent_ms;

	return app->health_in_flight && out >= SILENT_AFTER_MS ? (int)(out / 1000) : 0;
}

/* A role as the header shows it: the service's value in the user's words
 * (the value itself is what the code compares). */
static const char *role_words(const char *role)
{
	if (!role)
		return "?";
	if (!strcmp(role, "official"))
		return _("official");
	if (!strcmp(role, "approver"))
		return _("approver");
	if (!strcmp(role, "helpdesk"))
		return _("helpdesk");
	if (!strcmp(role, "authority"))
		return _("authority");
	if (!strcmp(role, "admin"))
		return _("admin");
	return role;
}

static void draw_header(struct app *app, int cols)
{
	struct ui_canvas *c = &app->canvas;
	char left[600], right[128];
	int rw;
	const struct govdx_me *me = app->me;

	switch (app->conn) {
	case APP_CONNECTED:
		if (silent_s(app) > 0)
			snprintf(right, sizeof right, _(" no answer for %ds "), silent_s(app));
		else
			snprintf(right, sizeof right, "%s", _(" connected "));
		break;
	case APP_CONNECTING:
		snprintf(right, sizeof right, "%s", _(" connecting... "));
		break;
	default: {
		int64_t left_ms = app->next_health_ms - app_now_ms();
		if (app->health_in_flight || left_ms <= 0)
			snprintf(right, sizeof right, "%s", _(" disconnected - retrying "));
		else
			snprintf(right, sizeof right, _(" disconnected - retry in %ds "),
			         (int)((left_ms + 999) / 1000));
	}
	}
	/* Most useful first: who and where, then the service if it fits. */
	if (me)
		snprintf(left, sizeof left, " govdx  %s  %s (%s)  %s%s%s", app->ctx->name,
		         me->display_name ? me->display_name : me->user, role_words(me->role),
		         me->platform.level == GOVDX_LEVEL_NATIONAL ? "国家" :
		         me->platform.name ? me->platform.name : "",
		         me->department_name ? "/" : "", me->department_name ? me->department_name : "");
	else
		snprintf(left, sizeof left, " govdx  %s", app->ctx ? app->ctx->name : "");
	if (app_read_only(app)) {
		/* Said where who and where are said, before the service. */
		size_t n = strlen(left);
		snprintf(left + n, sizeof left - n, "  %s", _("[read-only]"));
	}
	rw = ui_width_utf8(right);
	if (rw > cols)
		rw = cols;
	if (app->client)
		add_service(left, sizeof left, govdx_client_url(app->client), cols - rw);
	ui_canvas_text(c, 0, 0, cols - rw, UI_ROLE_HEADER, left, UI_WIDTH_LEFT);
	ui_canvas_text(c, 0, cols - rw, rw,
	               app->conn == APP_CONNECTED && !silent_s(app) ? UI_ROLE_HEADER : UI_ROLE_WARN,
	               right,
	               UI_WIDTH_RIGHT);
}

/* Appends to the hint in buf (used: its length so far, which may pass len
 * once it is cut); returns the new length. */
static size_t hint_put(char *buf, size_t used, size_t len, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static size_t hint_put(char *buf, size_t used, size_t len, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (used >= len)
		return used;
	va_start(ap, fmt);
	n = vsnprintf(buf + used, len - used, fmt, ap);
	va_end(ap);
	return n > 0 ? used + (size_t)n : used;
}

/* The first key bound to a command in the view, in key; NULL when none is
 * (the hint then names nothing). */
static const char *hint_key(struct app *app, int view, const char *command, char *key,
                            size_t len)
{
	cmd_first_key(app, view, command, key, len);
	return key[0] ? key : NULL;
}

/* The hint line of a queue or a case: built from the view's bindings, and
 * offering only the actions the user could take on the case under the
 * cursor (cmd_case_actions, the same list as the detail's "Can be done"). */
static void case_hints(struct app *app, struct view *v, const struct case_kind *kind,
                       bool queue, char *buf, size_t len)
{
	int vi = cmd_view_index(v->ops->name);
	char subj[160], acts[400], boxes[64] = "", cmdline[64], key[32], k1[32];
	const void *obj = NULL;
	size_t used = 0, i, k;
	int n;

	if (v->ops->subject && v->ops->subject(v, app, subj, sizeof subj) && app->cases &&
	    strchr(subj, ':')) {
		struct casestore_item *it = casestore_find(app->cases, strchr(subj, ':') + 1);
		obj = it ? it->obj : NULL;
	}
	buf[0] = '\0';
	if (queue && hint_key(app, vi, "select", k1, sizeof k1))
		used = hint_put(buf, used, len, _(" %s open "), k1);
	n = cmd_case_actions(app, vi, kind, obj, "  ", acts, sizeof acts);
	if (n)
		used = hint_put(buf, used, len, " %s ", acts);
	else if (obj && app_read_only(app))
		used = hint_put(buf, used, len, "%s", _(" read-only: no decisions "));
	else if (!queue && obj)
		used = hint_put(buf, used, len, "%s", _(" nothing for you to do now "));
	if (queue) {
		if (hint_key(app, vi, "tag", k1, sizeof k1))
			used = hint_put(buf, used, len, _(" %s tag "), k1);
		if (hint_key(app, vi, "tag-prefix", k1, sizeof k1))
			used = hint_put(buf, used, len, _(" %s tagged "), k1);
		/* "1/2/3 box": the keys of the kind's boxes */
		for (i = 0, k = 0; kind->boxes[i]; i++) {
			snprintf(cmdline, sizeof cmdline, "%s %s", kind->plural, kind->boxes[i]);
			cmd_keys_for(app, vi, cmdline, key, sizeof key);
			key[strcspn(key, " ")] = '\0';
			if (key[0])
				k += (size_t)snprintf(boxes + k, k < sizeof boxes ? sizeof boxes - k : 0,
				                      "%s%s", k ? "/" : "", key);
		}
		if (boxes[0])
			used = hint_put(buf, used, len, _(" %s box "), boxes);
	} else if (hint_key(app, vi, "open-entry", k1, sizeof k1)) {
		used = hint_put(buf, used, len, _(" %s entry "), k1);
	}
	if (hint_key(app, vi, "help", k1, sizeof k1))
		hint_put(buf, used, len, _(" %s help "), k1);
}

const char *app_hints(struct app *app, struct view *v, char *buf, size_t len)
{
	const char *name = v ? v->ops->name : "";

	/* Read-only: the keys that would file or raise are not offered. */
	if (app_read_only(app) && !strcmp(name, "directory"))
		return _(" Enter open  Q requests  O objections  ? help  q quit  (read-only)");
	if (app_read_only(app) && !strcmp(name, "entry"))
		return _(" Enter open related  ? help  (read-only)");
	if (app_read_only(app) && !strcmp(name, "search"))
		return _(" Enter open  / filter  : command  ? help  q back  (read-only)");
	if (!strcmp(name, "directory"))
		return _(" Enter open  r request  o objection  Q requests  O objections  ? help  q quit");
	if (!strcmp(name, "entry"))
		return _(" Enter open related  r request  o objection (on an item: to it)  ? help");
	if (!strcmp(name, "search"))
		return _(" Enter open  r request  o objection  / filter  : command  ? help  q back");
	if (case_kind_named(name)) {
		case_hints(app, v, case_kind_named(name), name[strlen(name) - 1] == 's', buf, len);
		return buf;
	}
	if (!strcmp(name, "results")) {
		/* The kind's name is a value (a command, an event): in words
		 * here, a whole line for each kind. */
		const char *kind = app->batch ? batch_kind(app->batch)->name : "request";
		if (!strcmp(kind, "request"))
			return _(" Enter open the request  / filter  :retry  ? help  q back");
		if (!strcmp(kind, "objection"))
			return _(" Enter open the objection  / filter  :retry  ? help  q back");
		snprintf(buf, len, _(" Enter open the %s  / filter  :retry  ? help  q back"), kind);
		return buf;
	}
	if (!strcmp(name, "form"))
		return _(" Tab/Enter next field  Space tick or choose  Ctrl-O new line  Esc cancel");
	if (!strcmp(name, "stats"))
		return _(" Enter overdue/objections  1/2/3 by  </> sort  u unmet  :export  ? help");
	if (!strcmp(name, "unmet"))
		return _(" Enter search again or open the entry  / filter  :export  ? help  q back");
	return _(" j/k move  / filter  q back");
}

/* The kinds' names are values (commands, events): the words for them are
 * whole phrases, one for each kind.  " 1 request tagged": n of the other
 * kind, none of this one. */
static void other_tagged(char *buf, size_t len, const char *semi, size_t n,
                         const struct case_kind *other)
{
	if (!strcmp(other->name, "request"))
		snprintf(buf, len, P_(" %s%zu request tagged", " %s%zu requests tagged", n), semi, n);
	else if (!strcmp(other->name, "objection"))
		snprintf(buf, len, P_(" %s%zu objection tagged", " %s%zu objections tagged", n), semi,
		         n);
	else
		snprintf(buf, len, _(" %s%zu %s tagged"), semi, n, n == 1 ? other->name : other->plural);
}

/* " 2 tagged (+1 request)": mine of this kind, n of the other. */
static void more_tagged(char *buf, size_t len, const char *semi, size_t mine, size_t n,
                        const struct case_kind *other)
{
	if (!strcmp(other->name, "request"))
		snprintf(buf, len, P_(" %s%zu tagged (+%zu request)", " %s%zu tagged (+%zu requests)", n),
		         semi, mine, n);
	else if (!strcmp(other->name, "objection"))
		snprintf(buf, len,
		         P_(" %s%zu tagged (+%zu objection)", " %s%zu tagged (+%zu objections)", n),
		         semi, mine, n);
	else
		snprintf(buf, len, _(" %s%zu tagged (+%zu %s)"), semi, mine, n,
		         n == 1 ? other->name : other->plural);
}

/* " 3 tagged"; in a queue, tags of the other kind are named apart, since
 * ; there acts on the queue's kind: " 2 tagged (+1 request)", or
 * " 1 request tagged" in the objection queue. */
static void tagged_words(struct app *app, struct view *v, char *buf, size_t len)
{
	const struct case_kind *kind = v ? view_cases_kind(v) : NULL;
	size_t all = app_n_tagged(app), mine = kind ? app_n_tagged_kind(app, kind) : all;
	const char *semi = app->tag_prefix ? ";" : "";
	const struct case_kind *other = NULL;
	size_t i;

	buf[0] = '\0';
	if (!all)
		return;
	/* the one other kind that has tags (with three kinds, tags of two
	 * others are counted without a name) */
	for (i = 0; kind && case_kinds()[i]; i++) {
		const struct case_kind *k = case_kinds()[i];
		if (k == kind || !app_n_tagged_kind(app, k))
			continue;
		if (other) {
			other = NULL;
			break;
		}
		other = k;
	}
	if (mine == all || !other)
		snprintf(buf, len, _(" %s%zu tagged"), semi, all);
	else if (!mine)
		other_tagged(buf, len, semi, all, other);
	else
		more_tagged(buf, len, semi, mine, all - mine, other);
}

/* The message in w columns; one too long for them is cut and says where
 * the whole of it is ("… M" for the messages view, by its key). */
static void status_text(struct app *app, int y, int w)
{
	struct ui_canvas *c = &app->canvas;
	char key[32], more[48];
	int mw;

	if (ui_width_utf8(app->status) <= w) {
		ui_canvas_text(c, y, 0, w, app->status_role, app->status, UI_WIDTH_LEFT);
		return;
	}
	cmd_first_key(app, -1, "messages", key, sizeof key);
	snprintf(more, sizeof more, "… %s", key[0] ? key : ":messages");
	mw = ui_width_utf8(more);
	if (w < 2 * mw) {
		ui_canvas_text(c, y, 0, w, app->status_role, app->status, UI_WIDTH_LEFT);
		return;
	}
	/* The cut text ends in its '~', which the mark covers. */
	ui_canvas_text(c, y, 0, w - mw + 1, app->status_role, app->status, UI_WIDTH_LEFT);
	ui_canvas_text(c, y, w - mw, mw, UI_ROLE_DIM, more, UI_WIDTH_LEFT);
}

static void draw_status(struct app *app, int y, int cols)
{
	struct ui_canvas *c = &app->canvas;
	struct view *v = app_top(app);
	char right[200] = "", pos[64] = "";
	const char *filter = v && v->ops->filter ? v->ops->filter(v) : "";
	int cur = 0, n = -1, more = 0, rw;
	int pending = app_busy(app);
	char tagged[96] = "";

	if (v && v->ops->position)
		v->ops->position(v, &cur, &n, &more);
	if (n >= 0)
		snprintf(pos, sizeof pos, " %d/%d%s", n ? cur : 0, n, more ? "+" : "");
	tagged_words(app, v, tagged, sizeof tagged);
	snprintf(right, sizeof right, "%s%s%s%s%s %c ", tagged, filter[0] ? " [/" : "", filter,
	         filter[0] ? "]" : "", pos, pending ? spinner[app->spin % 4] : ' ');
	rw = ui_width_utf8(right);
	/* A message that needs the room gets it: the position alone stays. */
	if (ui_width_utf8(app->status) > cols - rw) {
		snprintf(right, sizeof right, "%s %c ", pos, pending ? spinner[app->spin % 4] : ' ');
		rw = ui_width_utf8(right);
		if (ui_width_utf8(app->status) > cols - rw) {
			right[0] = '\0';
			rw = 0;
		}
	}
	if (rw > cols / 2)
		rw = cols / 2;
	status_text(app, y, cols - rw);
	ui_canvas_text(c, y, cols - rw, rw, UI_ROLE_STATUS, right, UI_WIDTH_RIGHT);
}

static void draw_candidates(struct app *app, struct ui_line *l, int y, int cols)
{
	size_t n = 0, i, len = 0;
	const char *const *cand = ui_line_candidates(l, &n);
	char *buf;

	if (!cand || !n)
		return;
	for (i = 0; i < n; i++)
		len += strlen(cand[i]) + 2;
	buf = xcalloc(len + 1, 1);
	for (i = 0; i < n; i++) {
		strcat(buf, cand[i]);
		strcat(buf, "  ");
	}
	ui_canvas_text(&app->canvas, y, 0, cols, UI_ROLE_DIM, buf, UI_WIDTH_LEFT);
	free(buf);
}

static void draw_frame(struct app *app)
{
	struct ui_canvas *c = &app->canvas;
	struct view *v = app_top(app);
	int rows, cols;
	char crumbs[1024] = "";

	app->dirty = false;
	ui_screen_size(app->screen, &rows, &cols);
	if (c->rows != rows || c->cols != cols)
		ui_canvas_resize(c, rows, cols);
	ui_canvas_fill(c, (struct ui_rect){ 0, 0, rows, cols }, UI_ROLE_NORMAL);
	c->cursor_y = c->cursor_x = -1;
	if (app->locked) {
		app_lock_draw(app, c, rows, cols);
		ui_screen_render(app->screen, c);
		return;
	}
	if (rows < 8 || cols < 30) {
		/* Said whole, in the words that fit. */
		ui_canvas_text(c, 0, 0, cols, UI_ROLE_WARN,
		               cols >= 28 ? _("terminal too small for govdx") :
		               cols >= 18 ? _("terminal too small") : _("too small"),
		               UI_WIDTH_LEFT);
		ui_screen_render(app->screen, c);
		return;
	}
	draw_header(app, cols);
	if (v) {
		struct ui_rect r = { 1, 0, rows - 4, cols };
		app->view_rect = r;
		v->ops->recalc(v, app, r);
		v->ops->draw(v, app, c, r);
		v->ops->crumbs(v, app, crumbs, sizeof crumbs);
	}
	{
		char *line = xasprintf(" %s", crumbs);
		ui_canvas_text(c, rows - 3, 0, cols, UI_ROLE_CRUMBS, line, UI_WIDTH_LEFT);
		free(line);
	}
	draw_status(app, rows - 2, cols);
	if (app->mode == APP_MODE_NORMAL || app->mode == APP_MODE_PROMPT ||
	    app->mode == APP_MODE_CONFIRM) {
		char hint[600];
		ui_canvas_text(c, rows - 1, 0, cols, UI_ROLE_DIM,
		               app_hints(app, v, hint, sizeof hint), UI_WIDTH_LEFT);
		if (app->mode != APP_MODE_NORMAL)
			app_prompt_draw(app, rows, cols);
	} else {
		struct ui_line *l = app->mode == APP_MODE_COMMAND ? app->cmdline : app->filterline;
		size_t cap = (size_t)cols + 1;
		wchar_t *buf = xmalloc(cap * sizeof *buf);
		int cx = 0;
		ui_line_visible(l, cols, buf, cap, &cx);
		ui_canvas_wtext(c, rows - 1, 0, cols, UI_ROLE_COMMAND, buf, UI_WIDTH_LEFT);
		free(buf);
		draw_candidates(app, l, rows - 2, cols);
		c->cursor_y = rows - 1;
		c->cursor_x = cx < cols ? cx : cols - 1;
	}
	ui_screen_render(app->screen, c);
}

/* ---- keys -------------------------------------------------------------- */

static void line_key(struct app *app, int key)
{
	struct view *v = app_top(app);

	if (app->mode == APP_MODE_COMMAND) {
		enum ui_line_result r = cmd_line_key(app, app->cmdline, key);
		if (r == UI_LINE_EDITING)
			return;
		app->mode = APP_MODE_NORMAL;
		if (r == UI_LINE_DONE) {
			char *line = xstrdup(ui_line_text(app->cmdline));
			app->status[0] = '\0';
			cmd_execute(app, line);
			/* After the command, so its own message does not hide this. */
			if (app->history_path &&
			    ui_line_history_save(app->cmdline, app->history_path) < 0)
				app_error(app, _("cannot save history to %s: %s"), app->history_path,
				          strerror(errno));
			free(line);
		}
		return;
	}
	/* The filter applies as it is typed. */
	{
		enum ui_line_result r = cmd_line_key(app, app->filterline, key);
		if (r == UI_LINE_CANCEL) {
			if (v && v->ops->set_filter)
				v->ops->set_filter(v, app, app->filter_before ? app->filter_before : "");
			app->mode = APP_MODE_NORMAL;
			return;
		}
		if (v && v->ops->set_filter)
			v->ops->set_filter(v, app, ui_line_text(app->filterline));
		if (r == UI_LINE_DONE)
			app->mode = APP_MODE_NORMAL;
	}
}

static void key_now(struct app *app, int key)
{
	char name[32];
	bool prefix, bound;

	if (key == UI_KEY_SYNC && app->test_report) {
		app->test_syncs++;
		app->test_passes_at_sync = app->test_passes;
		return;
	}
	app->dirty = true;
	/* Locked: a key only unlocks; any key counts as the user being here. */
	if (key != UI_KEY_FN + KEY_RESIZE && app_lock_key(app, key))
		return;
	/* curses queues KEY_RESIZE after resizeterm: the size is already
	 * applied, only the frame is due. */
	if (key == UI_KEY_FN + KEY_RESIZE)
		return;
	/* A sequence of a key the terminal's entry does not name: neither Esc
	 * nor its characters. */
	if (key == UI_KEY_UNKNOWN)
		return;
	if (app->mode == APP_MODE_PROMPT || app->mode == APP_MODE_CONFIRM) {
		app_prompt_key(app, key);
		return;
	}
	if (app->mode != APP_MODE_NORMAL) {
		line_key(app, key);
		return;
	}
	/* Esc or Ctrl-C stops an export before anything else hears them. */
	if ((key == UI_KEY_ESC || key == UI_KEY_CTRL_C) && cmd_export_cancel(app))
		return;
	{
		struct view *v = app_top(app);
		if (v && v->ops->key && v->ops->key(v, app, key))
			return;
	}
	if (app->status_role != UI_ROLE_WARN)
		app->status[0] = '\0';
	app->status_role = UI_ROLE_STATUS;
	prefix = app->tag_prefix;
	bound = cmd_key(app, key);
	/* `;` applies to the next key only: an action takes it (and clears
	 * it), anything else drops it. */
	if (prefix && app->tag_prefix) {
		app->tag_prefix = false;
		if (!app->status[0])
			app_message(app, "%s", _("; dropped: the key after ; must be an action"));
	}
	if (!bound)
		app_message(app, _("%s is not bound here (? lists the keys)"),
		            ui_keys_name(key, name, sizeof name));
}

/* A key, then the command lines it handed on (a binding met inside a text
 * field or the : line: app_later), in order. */
static void handle_key(struct app *app, int key)
{
	char *line;

	key_now(app, key);
	while ((line = app_take_later(app))) {
		cmd_execute(app, line);
		free(line);
	}
}

static void handle_signals(struct app *app)
{
	unsigned char buf[64];
	ssize_t n, i;

	while ((n = read(app->sig_pipe[0], buf, sizeof buf)) > 0)
		for (i = 0; i < n; i++) {
			if (buf[i] == SIGWINCH)
				ui_screen_resize(app->screen);
			else
				app->quit = true;
			app->dirty = true;
		}
}

static const char *mode_name(enum app_mode m)
{
	switch (m) {
	case APP_MODE_NORMAL:
		return "normal";
	case APP_MODE_COMMAND:
		return "command";
	case APP_MODE_PROMPT:
		return "prompt";
	case APP_MODE_CONFIRM:
		return "confirm";
	case APP_MODE_FILTER:
		break;
	}
	return "filter";
}

/* The test hook's report (see the top of this file), written when it
 * changed since the last one. */
static void test_report(struct app *app)
{
	struct view *v = app_top(app);
	char row[200] = "-", rep[sizeof app->test_said];

	if (v && v->ops->subject && !v->ops->subject(v, app, row, sizeof row))
		snprintf(row, sizeof row, "-");
	snprintf(rep, sizeof rep,
	         "govdx-test %s sync=%lu frame=%lu passes=%lu held=%zu cases=%zu mode=%s view=%s "
	         "row=%s | %s",
	         app_busy(app) > 0 ? "busy" : "idle", app->test_syncs, app->test_frames,
	         app->test_passes_at_sync,
	         store_held(app->store) + (app->cases ? casestore_held(app->cases) : 0),
	         app->cases ? casestore_count(app->cases) : 0,
	         mode_name(app->mode), v ? v->ops->name : "-", row, app->status);
	if (strcmp(rep, app->test_said)) {
		snprintf(app->test_said, sizeof app->test_said, "%s", rep);
		ui_screen_title(app->screen, rep);
	}
}

static void frame(struct app *app)
{
	char mark[64];

	if (app->test_report) {
		snprintf(mark, sizeof mark, "govdx-test drawing frame=%lu", app->test_frames + 1);
		ui_screen_title(app->screen, mark);
	}
	draw_frame(app);
	app->test_frames++;
	if (app->test_report)
		test_report(app);
}

/* Lowers *t to the time until due (a monotonic ms), never below 0. */
static void due_by(int64_t *t, int64_t due, int64_t now)
{
	if (due - now < *t)
		*t = due - now > 0 ? due - now : 0;
}

/* How long the loop may sleep: until the first armed timer is due, at most
 * a second (the header's clock). A timer whose work is in flight (a health
 * check, an events poll, a batch being sent) is not armed: its answer
 * wakes the loop, so a slow service never makes it spin. */
static int timeout_ms(struct app *app)
{
	int64_t now = app_now_ms(), t = 1000;

	if (app_busy(app) > 0)
		due_by(&t, app->next_spin_ms, now);
	if (app->client && !app->health_in_flight)
		due_by(&t, app->next_health_ms, now);
	if (app->health_in_flight && now - app->health_sent_ms < SILENT_AFTER_MS)
		due_by(&t, app->health_sent_ms + SILENT_AFTER_MS, now); /* "no answer for" */
	if (app->conn == APP_CONNECTED && app->me)
		due_by(&t, casestore_next_due(app->cases), now);
	if (app->batch_retry_ms && app->batch && !batch_busy(app->batch))
		due_by(&t, app->batch_retry_ms, now);
	if (app->conn == APP_DISCONNECTED)
		due_by(&t, now + 250, now); /* the countdown in the header */
	due_by(&t, app_lock_due(app), now);
	return (int)t;
}

int app_run(struct app *app)
{
	struct govdx_error err;
	int key, last_countdown = -1, last_silent = 0;

	app->dirty = true;
	while (!app->quit) {
		struct govdx_pollfd fds[2] = { { STDIN_FILENO, GOVDX_POLLIN, 0 },
			                       { app->sig_pipe[0], GOVDX_POLLIN, 0 } };
		if (app->dirty)
			frame(app);
		else if (app->test_report)
			test_report(app);
		if (govdx_client_poll(app->client, fds, 2, timeout_ms(app), &err) < 0) {
			/* Only an interrupted wait ends here; go round again. */
		}
		app->test_passes++;
		handle_signals(app);
		govdx_client_perform(app->client);
		while (!app->quit && ui_screen_getkey(app->screen, &key) == 0)
			handle_key(app, key);
		app_health_tick(app);
		app_lock_tick(app, app_now_ms());
		casestore_tick(app->cases, app->conn == APP_CONNECTED && app->me);
		cmd_cases_tick(app);
		if (app_busy(app) > 0 && app_now_ms() >= app->next_spin_ms) {
			app->spin++;
			app->next_spin_ms = app_now_ms() + 120;
			app->dirty = true;
		}
		if (silent_s(app) != last_silent) {
			last_silent = silent_s(app);
			app->dirty = true;
		}
		if (app->conn == APP_DISCONNECTED) {
			int s = (int)((app->next_health_ms - app_now_ms() + 999) / 1000);
			if (s != last_countdown) {
				last_countdown = s;
				app->dirty = true;
			}
		}
	}
	if (app->test_report)
		ui_screen_title(app->screen, "govdx-test exited");
	return 0;
}
