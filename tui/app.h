/*
 * app — the console's whole state and its main loop.
 *
 * There are no globals: everything the console knows lives in one struct
 * app that is passed to views, commands and hooks.  The loop (app-loop.c)
 * waits in govdx_client_poll on the client's sockets, stdin and a signal
 * self-pipe; handlers only change the model and set app->dirty, and the
 * loop draws at most once per iteration.
 *
 * Connection state: "connecting" until the first health answer, then
 * "connected"; a transport failure of any call (or a 503) makes it
 * "disconnected", and health is retried with backoff (1, 2, 4, 5 s); when it
 * answers again the store retries what failed.  Data on screen is kept
 * throughout; the console never exits because the service went away.
 */
#ifndef GOVDX_APP_H
#define GOVDX_APP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include <govdx.h>

#include "app-prompt.h"
#include "store.h"
#include "ui-canvas.h"
#include "ui-line.h"
#include "ui-screen.h"
#include "ui-theme.h"
#include "view.h"

#define APP_MAX_VIEWS 32
/* Status messages kept for :messages, the oldest dropped first. */
#define APP_MAX_MESSAGES 200

/* One status message as it was shown. */
struct app_msg {
	time_t at;
	int role; /* UI_ROLE_STATUS, _ERROR or _WARN */
	char *text;
};

struct app_context {
	char *name;
	char *url;
	char *token_file;
	char *ca_file, *cert_file, *key_file;
	bool read_only; /* `context add ... read-only`: no command that changes data */
};

enum app_conn { APP_CONNECTING, APP_CONNECTED, APP_DISCONNECTED };
enum app_mode {
	APP_MODE_NORMAL,
	APP_MODE_COMMAND,
	APP_MODE_FILTER,
	APP_MODE_PROMPT,  /* a reason is being typed (app-prompt.h) */
	APP_MODE_CONFIRM, /* a y/n question */
};

struct casestore;
struct case_kind;
struct batch;
struct cmd_cases_decision;
struct hmap;

struct cmd_def;
struct view;

/* The views the app opens when asked (app_open_*, app_connect), by their
 * constructors: given by app_new (app-new.c), so that the app, and the
 * views that open one another through it, name no view. */
struct app_views {
	struct view *(*directory)(struct app *app);
	struct view *(*entry)(struct app *app, const char *code);
	struct view *(*search)(struct app *app, const char *q);
	struct view *(*cases)(struct app *app, const struct case_kind *kind, const char *box,
	                      const char *state);
	/* The kind of a queue view (NULL for another view), and what it shows. */
	const struct case_kind *(*cases_kind)(const struct view *v);
	void (*cases_show)(struct view *v, struct app *app, const char *box, const char *state);
	struct view *(*one_case)(struct app *app, const char *id);
};

/* Command lines a key handed on to run after it (app_later). */
#define APP_MAX_LATER 8

struct cmd_binding {
	int view; /* index into cmd_view_names, or -1 for every view */
	int key;
	char *command; /* a command line */
};

struct app {
	/* configuration: filled by the config file and `set`/`context add` */
	struct app_context *contexts;
	size_t n_contexts, cap_contexts;
	char *default_context;
	char *default_context_where; /* "file:line" of that `set`, or NULL */
	char *theme_name;
	int history_size;
	bool preview;          /* directory: show the preview pane */
	bool no_color;         /* NO_COLOR is set */
	bool read_only;        /* --read-only: no command that changes data, in any context */
	char *history_path;
	char *config_path;     /* the file read at start, or NULL */
	const char *loading;   /* "file" while loading a config file (for themes) */

	struct cmd_binding *bindings;
	size_t n_bindings, cap_bindings;

	/* What the layers above give the app (app_new): the command table,
	 * the views' constructors, and what to let go of when the app is
	 * reset for another context or freed (the decision waiting). */
	const struct cmd_def *commands;
	size_t n_commands;
	const struct app_views *opens;
	void (*on_reset)(struct app *app);
	char *later[APP_MAX_LATER];
	size_t n_later;

	/* the service */
	struct app_context *ctx; /* current context (in contexts) */
	struct govdx_client *client;
	struct store *store;
	struct govdx_me *me;
	struct casestore *cases; /* sharing requests and objections, kept live */
	enum app_conn conn;
	char conn_reason[600];
	int64_t next_health_ms; /* monotonic ms of the next health check */
	int backoff_s;
	bool health_in_flight;
	int64_t health_sent_ms;  /* when the check in flight was sent */

	/* the screen */
	struct ui_screen *screen;
	struct ui_canvas canvas;
	struct ui_theme theme;
	struct ui_rect view_rect; /* where the top view was last drawn */
	bool dirty;
	bool quit;
	/* the idle lock (app-lock.c): after lock_after_ms without a key (0:
	 * never), or :lock, the screen shows no data until unlocked */
	bool locked;
	int64_t lock_after_ms;
	int64_t last_key_ms;
	/* the client's limits (set timeout, set connect-timeout), for the
	 * next connection */
	int64_t timeout_ms, connect_timeout_ms;
	unsigned spin; /* spinner phase, advances while calls are in flight */
	int64_t next_spin_ms;

	/* views, bottom first; the top one is shown */
	struct view *views[APP_MAX_VIEWS];
	int n_views;

	/* the command line and the filter line */
	enum app_mode mode;
	struct ui_line *cmdline;
	struct ui_line *filterline;
	char *filter_before; /* restored when a filter prompt is cancelled */

	/* tagged cases (ids), the `;` prefix and the last batch of decisions */
	struct hmap *tags;
	bool tag_prefix;     /* the next action applies to the tagged rows */
	struct batch *batch; /* the last decisions sent, kept for :retry */
	int64_t batch_retry_ms; /* when decisions refused for their rate (429) go
	                           again by themselves (monotonic ms), 0: none */
	struct cmd_cases_decision *decision_waiting; /* waiting for its case to load;
	                                                owned by cmd-cases.c */
	struct cmd_export *export; /* an :export writing, owned by cmd-export.c */
	struct app_prompt prompt;

	/* the status line */
	char status[1024];
	int status_role;
	char **warnings; /* config warnings, "file:line: message" (all of them) */
	size_t n_warnings;
	struct app_msg messages[APP_MAX_MESSAGES]; /* a ring: see app_message_at */
	size_t msg_first, n_messages;

	int sig_pipe[2]; /* SIGWINCH/SIGTERM/... write the signal number here */

	/* The test hook (GOVDX_TEST_REPORT set): see app-loop.c. */
	bool test_report;
	unsigned long test_syncs;  /* sync keys read */
	unsigned long test_frames; /* frames drawn */
	unsigned long test_passes; /* passes of the loop (wake-ups) */
	unsigned long test_passes_at_sync; /* ... when the last sync key was read */
	char test_said[1400];      /* the last report written */
};

/* A new app with defaults; no client, no screen yet.  app_new (app-new.c,
 * above every layer) gives it the command table, the views' constructors
 * and the built-in bindings; app_alloc is the bare state it starts from. */
struct app *app_new(void);
struct app *app_alloc(void);
void app_free(struct app *app);

/* Finds a context by name (NULL if none). */
struct app_context *app_context_find(struct app *app, const char *name);
/* Whether commands that change data are refused: --read-only for the whole
 * session, or the context in use was added read-only. */
bool app_read_only(const struct app *app);
/* Connects to a context: a new client and store, views reset to the
 * directory.  Returns 0, or -1 with a reason in err (the old connection
 * stays). */
int app_connect(struct app *app, struct app_context *ctx, char *err, size_t errlen);

/* Status line messages (one line; the newest wins). */
void app_message(struct app *app, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void app_error(struct app *app, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Clears the status line if it still says text (a message that no longer
 * holds: the field is not full any more). */
void app_unsay(struct app *app, const char *text);
/* A config warning: kept in the list and shown on the status line. */
void app_warn(struct app *app, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* The i-th kept status message, oldest first (i < n_messages); a message
 * shown again right after itself is kept once, with the newer time. */
const struct app_msg *app_message_at(const struct app *app, size_t i);

/* A command line to run once the key being handled is done (a binding met
 * inside a text field); the loop takes them in order (app_take_later,
 * which the caller frees; NULL: none).  At most APP_MAX_LATER wait. */
void app_later(struct app *app, const char *line);
char *app_take_later(struct app *app);

/* The view stack. */
struct view *app_top(struct app *app);
void app_push(struct app *app, struct view *v);
/* Closes the top view; returns false if it is the last one (not closed). */
bool app_pop(struct app *app);
void app_open_entry(struct app *app, const char *code);
void app_open_search(struct app *app, const char *q);
/* A queue of cases of a kind: the top view if it is one of that kind (box
 * and state changed), else a new one.  NULL box: the default for the
 * user's role. */
void app_open_cases(struct app *app, const struct case_kind *kind, const char *box,
                    const char *state);
/* One case (a request or an objection, by its id's prefix); false, with
 * nothing opened, for an id of no known kind. */
bool app_open_case(struct app *app, const char *id);
/* Tags: case ids tagged for a `;` action. */
bool app_tagged(struct app *app, const char *id);
void app_tag(struct app *app, const char *id, int want /* -1 toggle, 0 untag, 1 tag */);
size_t app_n_tagged(struct app *app);
/* Those of one kind (REQ-… or OBJ-…). */
size_t app_n_tagged_kind(struct app *app, const struct case_kind *kind);
/* Calls in flight that the user waits for (not the live long poll nor
 * the background health check). */
int app_busy(struct app *app);

/* Creates the signal self-pipe and installs the handlers (SIGWINCH, and
 * SIGTERM/SIGHUP/SIGINT to quit cleanly); call before starting curses so
 * that curses leaves SIGWINCH to us.  Returns 0 or -1 (errno). */
int app_signals_init(struct app *app);

/* Says a failed call on the status line: a 429 as "slow down, retry in
 * N s"; a transport failure or a 503 as the reason the service is away
 * (the connection then counts as down, and a 503's Retry-After holds the
 * next health check back); anything else, when what is given, as
 * "what: message".  Returns false, having said nothing, for anything
 * else with what NULL. */
bool app_failure(struct app *app, const struct govdx_error *err, const char *what);

/* What a health answer says is wrong, in words, or NULL when the service
 * and its database are fine: the transport error ("connection refused"),
 * or "the service is up but its database is not reachable". */
const char *app_health_problem(const struct govdx_error *err, const struct govdx_health *h,
                               char *buf, size_t len);

/* Starts a health check if one is due (called by the loop). */
void app_health_tick(struct app *app);

/* The key hint line of a view (the bottom line), in buf or a constant.
 * For the queues and cases it is built from the view's key bindings and
 * offers only the actions the user could take on the case under the
 * cursor (cmd_case_actions). */
const char *app_hints(struct app *app, struct view *v, char *buf, size_t len);

/* Runs the loop until quit.  Returns the exit status. */
int app_run(struct app *app);

int64_t app_now_ms(void);

/* The idle lock (app-lock.c).  app_lock hides every piece of data: the
 * frame shows the product, the context and how to unlock; a key while
 * locked only unlocks (Enter re-reads the context's token file, which must
 * still be readable and valid) and is otherwise dropped, so nothing typed
 * blind reaches a view.  What was being typed (a reason, a form) waits
 * under the lock. */
void app_lock(struct app *app);
bool app_lock_key(struct app *app, int key);
void app_lock_draw(struct app *app, struct ui_canvas *c, int rows, int cols);
/* Locks when the idle time has passed; the loop's deadline for it in *t. */
void app_lock_tick(struct app *app, int64_t now);
int64_t app_lock_due(const struct app *app);

#endif /* GOVDX_APP_H */
