/*
 * govdx.h — libgovdx, the client library of the govdx exchange API.
 *
 * One public header, installed as <govdx.h>. The library is asynchronous:
 * every call is started on a client and finishes later, when the caller's
 * event loop has polled the client's sockets (govdx_client_poll) and let it
 * work (govdx_client_perform). Completion callbacks run from inside
 * govdx_client_perform, never from anywhere else, so a single-threaded
 * caller needs no locks. Blocking wrappers (the *_sync functions) run a
 * private loop for tools and tests.
 *
 * Invariants:
 * - The library never exits, never prints and keeps no global state; one
 *   client is used from one thread at a time. Different clients are
 *   independent (curl_global_init is done once, thread-safely, inside).
 * - Every failure is described by one struct govdx_error, in words a user
 *   understands; nothing else reports errors.
 * - Results handed to a callback belong to the callback, which frees them
 *   with the matching *_free function (free functions accept NULL).
 * - A cancelled call never calls its callback.
 * - The bearer token is read from a file that must be mode 0600 (no group or
 *   other bits) and is never written anywhere by the library.
 */
#ifndef GOVDX_H
#define GOVDX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---- errors ------------------------------------------------------------ */

enum govdx_error_kind {
	GOVDX_ERR_NONE = 0,
	GOVDX_ERR_USAGE,     /* bad argument or configuration (URL, token file mode, ...) */
	GOVDX_ERR_TRANSPORT, /* could not talk to the service: refused, timeout, DNS, TLS */
	GOVDX_ERR_HTTP,      /* the service answered with an error status */
	GOVDX_ERR_PROTOCOL,  /* the answer was oversize, not JSON, or not the expected shape */
	GOVDX_ERR_CANCELLED, /* the call was cancelled (only seen by *_sync wrappers) */
	GOVDX_ERR_NOMEM,
};

struct govdx_error {
	enum govdx_error_kind kind;
	long http_status;  /* HTTP status when the service answered, else 0 */
	char code[64];     /* the service's snake_case error code, or a local one:
	                      "connection_refused", "timeout", "tls", "dns",
	                      "oversize_answer", "malformed_answer", "not_json",
	                      "redirect", "token_file", ... */
	char message[512]; /* one line, in words a user understands; control
	                      characters the service sent are shown escaped
	                      ("^[", "<U+202E>"), never passed on */
	int retry_after;   /* seconds the service asks to wait before a retry
	                      (a 429 or 503: details.retry_after, else the
	                      Retry-After header), else 0 */
	char parameter[64]; /* the field a refusal names (details.parameter,
	                       e.g. "fields.basis"), else "" */
};

/* Returns a short constant name for an error kind ("transport", "http", ...). */
const char *govdx_error_kind_name(enum govdx_error_kind kind);

/* ---- client ------------------------------------------------------------ */

struct govdx_client; /* opaque */

struct govdx_options {
	const char *url;        /* service base URL, e.g. "http://127.0.0.1:8080" (no /v1) */
	const char *token_file; /* file holding the bearer token; must be mode 0600;
	                           NULL: no token (only /v1/health will succeed) */
	const char *ca_file;    /* optional CA bundle for TLS verification */
	const char *cert_file;  /* optional client certificate (mutual TLS) */
	const char *key_file;   /* optional client key */
	long connect_timeout_ms; /* 0: default 5000 */
	long timeout_ms;         /* whole request; 0: default 30000 (long polls add their wait) */
	size_t max_answer_bytes; /* 0: default 8 MiB; larger answers fail with "oversize_answer" */
	const char *user_agent;  /* optional; default "govdx/<version>" */
};

/* Creates a client. The token file is read (and its mode checked) here.
 * TLS verification is always on. Returns 0, or -1 with *err filled. */
int govdx_client_new(const struct govdx_options *opt, struct govdx_client **out,
                     struct govdx_error *err);
void govdx_client_free(struct govdx_client *c); /* cancels everything in flight */

const char *govdx_client_url(const struct govdx_client *c);

/* ---- event-loop integration -------------------------------------------- */

#define GOVDX_POLLIN 0x1
#define GOVDX_POLLPRI 0x2
#define GOVDX_POLLOUT 0x4

/* An extra descriptor for govdx_client_poll to watch beside the client's own
 * sockets (the console passes stdin and its signal self-pipe). */
struct govdx_pollfd {
	int fd;
	short events;  /* GOVDX_POLL* */
	short revents; /* set on return */
};

/* Waits up to timeout_ms (negative: no limit) for the client's sockets or
 * any extra descriptor (curl_multi_poll underneath); it returns earlier when
 * a transfer's own timer is due. Returns 0, or -1 with *err filled. */
int govdx_client_poll(struct govdx_client *c, struct govdx_pollfd *extra, unsigned n_extra,
                      int timeout_ms, struct govdx_error *err);

/* Drives transfers and runs the callbacks of the calls that finished.
 * Returns the number of calls still in flight. A callback may start and
 * cancel calls, use the blocking wrappers, and even free the client (the
 * client then goes when this function returns, and it returns 0). */
int govdx_client_perform(struct govdx_client *c);

/* Number of calls in flight. */
int govdx_client_pending(const struct govdx_client *c);

/* Every started call has a non-zero id; 0 means it could not start (the
 * callback has then already been called with the error). */
typedef uint64_t govdx_call_id;

/* Cancels a call in flight; its callback is never called. Unknown or finished
 * ids are ignored, so a late cancel is harmless. */
void govdx_cancel(struct govdx_client *c, govdx_call_id id);

/* ---- typed results ----------------------------------------------------- */

enum govdx_level {
	GOVDX_LEVEL_UNKNOWN = 0,
	GOVDX_LEVEL_NATIONAL,
	GOVDX_LEVEL_PROVINCIAL,
	GOVDX_LEVEL_MUNICIPAL,
	GOVDX_LEVEL_COUNTY,
};
const char *govdx_level_name(enum govdx_level l); /* "national", ... */

enum govdx_sharing {
	GOVDX_SHARING_UNKNOWN = 0,
	GOVDX_SHARING_UNCONDITIONAL,
	GOVDX_SHARING_CONDITIONAL,
	GOVDX_SHARING_NONE,
};
const char *govdx_sharing_name(enum govdx_sharing s); /* "unconditional", ... */

enum govdx_open {
	GOVDX_OPEN_UNKNOWN = 0,
	GOVDX_OPEN_OPEN,
	GOVDX_OPEN_CONDITIONAL,
	GOVDX_OPEN_CLOSED,
};
const char *govdx_open_name(enum govdx_open o); /* "open", "conditional", "closed" */

struct govdx_counts {
	long children;            /* direct child platforms */
	long departments;         /* departments of this platform itself */
	long entries;             /* entries of this platform's own departments */
	long subtree_departments; /* ... of the whole subtree, this platform included */
	long subtree_entries;
};

struct govdx_platform {
	char code[8];        /* 6-digit GB/T 2260 code */
	char parent_code[8]; /* "" for the national platform */
	char *name;
	enum govdx_level level;
	struct govdx_counts counts;
};

/* GET /v1/platforms/{code}: the node, its breadcrumb path and counts. */
struct govdx_platform_node {
	struct govdx_platform platform;
	struct govdx_platform *path; /* national first, this platform last */
	size_t path_len;
};

struct govdx_department {
	char *code;
	char *name;
	char platform_code[8];
	long entry_count;
};

struct govdx_action; /* below, with the workflows */

struct govdx_item {
	char *name;
	char *data_type; /* e.g. "字符型C" */
	int length;      /* 0 when not applicable */
};

struct govdx_entry {
	/* present in lists and detail */
	char *code;
	char *name;
	char *department_code;
	char *department_name;
	char platform_code[8];
	enum govdx_sharing sharing_type;
	enum govdx_open open_attribute;
	char *update_cycle;
	bool disputed;
	/* detail only (NULL / 0 in lists) */
	char *classification;      /* e.g. "3-02-001-01" */
	char *classification_name; /* e.g. "部门信息资源 / 民政 / 婚姻登记" */
	char *platform_name;
	char *abstract;
	char *format;
	char *sharing_condition;
	char *sharing_method; /* "api", "file", "database" */
	char *basis;          /* legal or policy basis (conditional, none) */
	char *release_date;   /* YYYY-MM-DD */
	struct govdx_item *items;
	size_t n_items;
	char **related; /* entry codes */
	size_t n_related;
	char *open_condition; /* 开放条件: set for open_attribute conditional, else NULL */
	/* catalog maintenance (issue 15); absent from older services: then
	 * status_name is NULL, retired false, revision 0, version 0 and
	 * has_actions false */
	char *status_name;    /* "published" | "retired" as the service spelled it */
	bool retired;         /* status is "retired" (下架): readable, no new requests */
	long revision;        /* the published revision number (1 for seeded entries) */
	char *published_at;   /* ISO-8601, or NULL */
	char *published_by;   /* user name, or NULL */
	char *retired_at;     /* or NULL */
	char *retired_reason; /* or NULL */
	long version;         /* the entry's ETag: If-Match of an entry transition */
	struct govdx_action *actions; /* what the caller may do ("revise", "retire") */
	size_t n_actions;
	bool has_actions;
};

struct govdx_me {
	char *user;
	char *display_name;
	char *role; /* official, approver, helpdesk, authority, admin */
	char *department_code;
	char *department_name;
	struct govdx_platform platform;
};

struct govdx_health {
	char *status;  /* "ok" */
	char *version; /* service version */
	char *database; /* "ok" or a short reason */
};

/* A page of a list. next_cursor is NULL on the last page. */
struct govdx_platform_page {
	struct govdx_platform *items;
	size_t n;
	char *next_cursor;
};
struct govdx_department_page {
	struct govdx_department *items;
	size_t n;
	char *next_cursor;
};
struct govdx_entry_page {
	struct govdx_entry *items;
	size_t n;
	char *next_cursor;
};

void govdx_me_free(struct govdx_me *m);
void govdx_health_free(struct govdx_health *h);
void govdx_platform_node_free(struct govdx_platform_node *n);
void govdx_platform_page_free(struct govdx_platform_page *p);
void govdx_department_page_free(struct govdx_department_page *p);
void govdx_entry_page_free(struct govdx_entry_page *p);
void govdx_entry_free(struct govdx_entry *e);

/* ---- calls ------------------------------------------------------------- */

/* Every callback gets the caller's arg, the error (NULL on success) and, on
 * success, the result, which it owns. */
typedef void (*govdx_health_cb)(void *arg, const struct govdx_error *err, struct govdx_health *r);
typedef void (*govdx_me_cb)(void *arg, const struct govdx_error *err, struct govdx_me *r);
typedef void (*govdx_platform_cb)(void *arg, const struct govdx_error *err,
                                  struct govdx_platform_node *r);
typedef void (*govdx_platform_page_cb)(void *arg, const struct govdx_error *err,
                                       struct govdx_platform_page *r);
typedef void (*govdx_department_page_cb)(void *arg, const struct govdx_error *err,
                                         struct govdx_department_page *r);
typedef void (*govdx_entry_page_cb)(void *arg, const struct govdx_error *err,
                                    struct govdx_entry_page *r);
typedef void (*govdx_entry_cb)(void *arg, const struct govdx_error *err, struct govdx_entry *r);

/* Page requests: cursor NULL for the first page; limit 0 for the service default. */
struct govdx_page_req {
	const char *cursor;
	int limit;
};

/* GET /v1/entries filters; NULL fields are not sent. */
struct govdx_entry_query {
	const char *platform;   /* whole subtree */
	const char *department; /* department code */
	const char *q;          /* 2+ characters of a name, or a code prefix */
	const char *sharing;    /* "unconditional" | "conditional" | "none" */
	const char *open;       /* "open" | "conditional" | "closed" */
	int disputed;           /* -1 any, 0 not disputed, 1 disputed */
	struct govdx_page_req page;
};

/* A health check waits at most GOVDX_HEALTH_TIMEOUT_MS (or the client's
 * timeout when shorter): a service gone silent is noticed in seconds. */
#define GOVDX_HEALTH_TIMEOUT_MS 5000L
govdx_call_id govdx_health(struct govdx_client *c, govdx_health_cb cb, void *arg);
govdx_call_id govdx_me(struct govdx_client *c, govdx_me_cb cb, void *arg);
govdx_call_id govdx_platform(struct govdx_client *c, const char *code, govdx_platform_cb cb,
                             void *arg);
govdx_call_id govdx_platform_children(struct govdx_client *c, const char *code,
                                      const struct govdx_page_req *page,
                                      govdx_platform_page_cb cb, void *arg);
govdx_call_id govdx_platform_departments(struct govdx_client *c, const char *code,
                                         const struct govdx_page_req *page,
                                         govdx_department_page_cb cb, void *arg);
govdx_call_id govdx_entries(struct govdx_client *c, const struct govdx_entry_query *q,
                            govdx_entry_page_cb cb, void *arg);
govdx_call_id govdx_entry(struct govdx_client *c, const char *code, govdx_entry_cb cb,
                          void *arg);

/* ---- blocking wrappers (tools and tests) ------------------------------- */
/* Each returns 0 with *out set, or -1 with *err filled. They run the
 * client's loop until their own call is done, so callbacks of other calls
 * in flight on the same client run meanwhile (from inside the wrapper, on
 * the caller's thread). If a callback cancels the wrapper's call or frees
 * the client, the wrapper returns GOVDX_ERR_CANCELLED. */

int govdx_health_sync(struct govdx_client *c, struct govdx_health **out, struct govdx_error *err);
int govdx_me_sync(struct govdx_client *c, struct govdx_me **out, struct govdx_error *err);
int govdx_platform_sync(struct govdx_client *c, const char *code,
                        struct govdx_platform_node **out, struct govdx_error *err);
int govdx_platform_children_sync(struct govdx_client *c, const char *code,
                                 const struct govdx_page_req *page,
                                 struct govdx_platform_page **out, struct govdx_error *err);
int govdx_platform_departments_sync(struct govdx_client *c, const char *code,
                                    const struct govdx_page_req *page,
                                    struct govdx_department_page **out, struct govdx_error *err);
int govdx_entries_sync(struct govdx_client *c, const struct govdx_entry_query *q,
                       struct govdx_entry_page **out, struct govdx_error *err);
int govdx_entry_sync(struct govdx_client *c, const char *code, struct govdx_entry **out,
                     struct govdx_error *err);

/* ---- parsing (exposed for unit tests and tools) ------------------------- */
/* Parse one JSON answer body of the given status into the typed result, or
 * map it to an error. These are what the calls above use. */
/* govdx_parse_error always fills *err (kind GOVDX_ERR_HTTP, the status, the
 * service's code and message); it returns 0 when the body carried the
 * service's error object and -1 when it did not (the code is then derived
 * from the status, e.g. "bad_gateway", or "http_error"). When the error's
 * details carry something a user needs, the message ends with it:
 * " (basis: …)" for 422 sharing_refused, " (state: …)" for 409
 * illegal_transition, " (parameter: …)" for 400 invalid_parameter — unless
 * the message already contains it. A TLS front that refuses the client
 * certificate (see docs/operations.md, "TLS with nginx") gets words of
 * its own and the code client_certificate_missing, _expired, _untrusted,
 * or _refused for nginx's own HTML page that does not say which. The other parsers
 * return 0 with *out set, or -1 with *err filled: GOVDX_ERR_PROTOCOL
 * "malformed_answer" naming the offending field, or GOVDX_ERR_NOMEM. */
int govdx_parse_error(long http_status, const char *body, size_t len, struct govdx_error *err);
int govdx_parse_health(const char *body, size_t len, struct govdx_health **out,
                       struct govdx_error *err);
int govdx_parse_entry(const char *body, size_t len, struct govdx_entry **out,
                      struct govdx_error *err);
int govdx_parse_entry_page(const char *body, size_t len, struct govdx_entry_page **out,
                           struct govdx_error *err);
int govdx_parse_platform_node(const char *body, size_t len, struct govdx_platform_node **out,
                              struct govdx_error *err);
int govdx_parse_platform_page(const char *body, size_t len, struct govdx_platform_page **out,
                              struct govdx_error *err);
int govdx_parse_department_page(const char *body, size_t len,
                                struct govdx_department_page **out, struct govdx_error *err);
int govdx_parse_me(const char *body, size_t len, struct govdx_me **out, struct govdx_error *err);

/* ---- what a caller may do with a case ----------------------------------- */

/* What an action needs: the service refuses a required reason left blank
 * (422 reason_required) and any reason given to an action that takes
 * none (400). */
enum govdx_reason_need {
	GOVDX_REASON_NONE,
	GOVDX_REASON_OPTIONAL,
	GOVDX_REASON_REQUIRED,
};

/* One action the caller may take on a request or objection now, as the
 * service's workflow rule decides it for that caller (the same rule its
 * transitions enforce): the transition's action name and what it needs. */
struct govdx_action {
	char *name; /* "approve", "reopen", ... as the service spelled it */
	enum govdx_reason_need reason;
};

/* ---- sharing requests (issue 3) ---------------------------------------- */

enum govdx_request_state {
	GOVDX_REQUEST_UNKNOWN = 0, /* a state this library does not know (newer service) */
	GOVDX_REQUEST_PENDING,
	GOVDX_REQUEST_APPROVED,
	GOVDX_REQUEST_REJECTED,
	GOVDX_REQUEST_RETURNED,
	GOVDX_REQUEST_WITHDRAWN,
	GOVDX_REQUEST_COORDINATING,
	GOVDX_REQUEST_CLOSED,
};
/* "pending", "approved", ... ("unknown" for values it does not know). */
const char *govdx_request_state_name(enum govdx_request_state s);
/* The enum of a wire name; GOVDX_REQUEST_UNKNOWN for NULL or an unknown name. */
enum govdx_request_state govdx_request_state_from(const char *name);

/* working_days_left when the service sent null (no deadline). */
#define GOVDX_NO_DAYS_LEFT INT32_MIN

/* A sharing request (docs/architecture.md, "request object"). Strings are
 * UTF-8; nullable fields are NULL (pointers) or "" (fixed buffers). */
struct govdx_request {
	char *id; /* "REQ-000123" */
	enum govdx_request_state state;
	char *state_name; /* the state as the service spelled it (kept for UNKNOWN) */
	char *entry_code;
	char *entry_name;
	char *provider_department; /* department code */
	char *provider_department_name;
	char provider_platform[8];
	char *requester_department;
	char *requester_department_name;
	char requester_platform[8];
	char *requester_user;
	char *purpose;
	char *legal_basis;
	char **items; /* requested information item names */
	size_t n_items;
	char period_from[11]; /* YYYY-MM-DD */
	char period_to[11];
	char *reason;        /* of the last transition that carried one, or NULL */
	bool has_deadline;   /* deadline is set (pending: reply; coordinating: coordination) */
	char deadline[11];   /* YYYY-MM-DD, "" when none */
	int working_days_left; /* 0 on the deadline day, negative when overdue;
	                          GOVDX_NO_DAYS_LEFT when the service sent null */
	bool due_soon;         /* 0 <= working_days_left <= 2 */
	bool overdue;          /* working_days_left < 0 */
	bool deadline_provisional; /* counted by the statute over a year whose holiday
	                              notice is not imported: importing it may move it */
	int deadline_statute_year; /* the first such year, 0 when none */
	char *created_at;      /* ISO-8601 timestamps as the service wrote them */
	char *updated_at;
	char *decided_by; /* user name, "system" for automatic approval, or NULL */
	char *decided_at; /* or NULL */
	long version;     /* the ETag: pass it back as govdx_transition.version */
	/* What the caller may do now (none: an empty list); has_actions is
	 * false when the service sent no list (one older than actions). */
	struct govdx_action *actions;
	size_t n_actions;
	bool has_actions;
	/* The ground of the provider's last refusal ("not_held", ...; kept
	 * after an escalation), or NULL: never refused, or an older service. */
	char *refusal_ground;
};

struct govdx_request_page {
	struct govdx_request *items;
	size_t n;
	char *next_cursor;
};

void govdx_request_free(struct govdx_request *r);
void govdx_request_page_free(struct govdx_request_page *p);

/* GET /v1/requests filters. NULL strings are not sent. overdue and
 * due_soon are -1 (any: not sent), 0 (sent as false) or 1 (true) — note
 * that a zeroed struct asks for "not overdue, not due soon": set them to -1. */
struct govdx_request_query {
	const char *box;   /* "inbox" | "outbox" | "all" (the service's default) */
	const char *state; /* a state name, e.g. "pending" */
	int overdue;
	int due_soon;
	struct govdx_page_req page;
	/* Only the requests this department (a code) provides the data of;
	 * NULL: not sent. */
	const char *provider;
};

/* POST /v1/requests. Every field but idempotency_key is required. */
struct govdx_request_new {
	const char *entry_code;
	const char *purpose;
	const char *legal_basis;
	const char *const *items; /* information item names of the entry */
	size_t n_items;           /* at least 1 */
	const char *period_from;  /* YYYY-MM-DD */
	const char *period_to;
	const char *idempotency_key; /* NULL: the library makes one (see below) */
};

/* POST /v1/requests/{id}/transitions and POST /v1/objections/{id}/transitions. */
struct govdx_transition {
	const char *action; /* requests: approve, reject, return, withdraw, resubmit,
	                       escalate, close; objections: accept, dismiss, correct,
	                       uphold, close, reopen */
	const char *reason; /* NULL: not sent (requests: reject, return, close need one;
	                       objections: dismiss, reopen, and correct/uphold,
	                       whose note it is) */
	long version;       /* sent as If-Match: "<version>"; 0 sends no If-Match (the
	                       service then answers 428 precondition_required) */
	const char *idempotency_key; /* NULL: the library makes one */
	/* requests' reject only: why it is refused — "not_held" (the data does
	 * not exist or is not collected), "not_shareable", "insufficient_basis"
	 * or "other" (the service's default); NULL: not sent */
	const char *ground;
};

/* The callback of get, create and transition. On success err is NULL and r
 * the (new) request. On 412 precondition_failed err is set AND r is the
 * CURRENT request from the answer's details.current (who decided what and
 * when: decided_by, decided_at, updated_at, state, version), when the
 * service sent one. On any other failure r is NULL. r belongs to the
 * callback either way. */
typedef void (*govdx_request_cb)(void *arg, const struct govdx_error *err,
                                 struct govdx_request *r);
typedef void (*govdx_request_page_cb)(void *arg, const struct govdx_error *err,
                                      struct govdx_request_page *r);

/* Idempotency. Every POST carries an Idempotency-Key. When the caller gives
 * none, the call makes one with govdx_idempotency_key. If a POST fails in
 * transport (connection refused or reset, timeout, send or receive error,
 * connection closed without an answer), the library retries it ONCE at
 * once with the same key and body, so that a first attempt that did land
 * is answered again by the service rather than applied twice; the callback
 * runs once, with the outcome of the last attempt. A caller that retries
 * by hand (e.g. after reconnecting) must pass the same key again.
 *
 * govdx_idempotency_key writes 36 characters plus NUL, UUID-v4 style
 * (8-4-4-4-12 lower-case hex) from the kernel's random source. Returns 0,
 * or -1 when no random bytes could be had (out is then "").
 */
#define GOVDX_IDEMPOTENCY_KEY_SIZE 40
int govdx_idempotency_key(char out[GOVDX_IDEMPOTENCY_KEY_SIZE]);

govdx_call_id govdx_requests(struct govdx_client *c, const struct govdx_request_query *q,
                             govdx_request_page_cb cb, void *arg);
govdx_call_id govdx_request_get(struct govdx_client *c, const char *id, govdx_request_cb cb,
                                void *arg);
govdx_call_id govdx_request_create(struct govdx_client *c, const struct govdx_request_new *req,
                                   govdx_request_cb cb, void *arg);
govdx_call_id govdx_request_transition(struct govdx_client *c, const char *id,
                                       const struct govdx_transition *t, govdx_request_cb cb,
                                       void *arg);

/* ---- audit, events, calendar -------------------------------------------- */

struct govdx_audit_event {
	long seq;
	char *at;         /* ISO-8601 timestamp */
	char *actor;      /* user name ("system" for automatic steps) */
	char *action;     /* "create", "approve", ... */
	char *subject;    /* "request:REQ-000123" */
	char *from_state; /* NULL for a create */
	char *to_state;
	char *reason;     /* or NULL */
	char *prev_hash;  /* 64 hex digits */
	char *hash;
};

struct govdx_audit_page {
	struct govdx_audit_event *items;
	size_t n;
	char *next_cursor;
};

/* GET /v1/audit/verify */
struct govdx_audit_verify {
	bool ok;
	long checked;   /* events checked */
	long last_seq;  /* the last event checked (0 when none or not sent) */
	long broken_at; /* seq of the first broken link; 0 when ok */
	char *message;  /* what is broken, or NULL */
};

/* One change the caller may see (GET /v1/events). */
struct govdx_event {
	long seq;    /* the audit seq */
	char *at;
	char *kind;  /* "request" or "objection" */
	char *id;    /* e.g. "REQ-000123" */
	char *action;
	char *state; /* the subject's state after the change */
};

struct govdx_event_batch {
	struct govdx_event *items;
	size_t n;
	long last_seq; /* pass it as after_seq of the next call */
};

enum govdx_day_kind {
	GOVDX_DAY_UNKNOWN = 0,
	GOVDX_DAY_HOLIDAY,
	GOVDX_DAY_WORKDAY, /* a make-up working day (调休) */
};
const char *govdx_day_kind_name(enum govdx_day_kind k); /* "holiday", "workday" */

struct govdx_calendar_day {
	char date[11]; /* YYYY-MM-DD */
	enum govdx_day_kind kind;
	char *name;    /* e.g. "春节" */
};

/* GET /v1/calendar: the listed days only, in the service's order. */
struct govdx_calendar {
	struct govdx_calendar_day *items;
	size_t n;
};

void govdx_audit_page_free(struct govdx_audit_page *p);
void govdx_audit_verify_free(struct govdx_audit_verify *v);
void govdx_event_batch_free(struct govdx_event_batch *b);
void govdx_calendar_free(struct govdx_calendar *cal);

typedef void (*govdx_audit_page_cb)(void *arg, const struct govdx_error *err,
                                    struct govdx_audit_page *r);
typedef void (*govdx_audit_verify_cb)(void *arg, const struct govdx_error *err,
                                      struct govdx_audit_verify *r);
typedef void (*govdx_event_batch_cb)(void *arg, const struct govdx_error *err,
                                     struct govdx_event_batch *r);
typedef void (*govdx_calendar_cb)(void *arg, const struct govdx_error *err,
                                  struct govdx_calendar *r);

/* GET /v1/audit?subject=... ("request:REQ-000123"). */
govdx_call_id govdx_audit(struct govdx_client *c, const char *subject,
                          const struct govdx_page_req *page, govdx_audit_page_cb cb, void *arg);
/* GET /v1/audit/verify (admin and authority users). */
govdx_call_id govdx_audit_verify(struct govdx_client *c, govdx_audit_verify_cb cb, void *arg);
/* GET /v1/events: a long poll. after_seq < 0 sends no "after": the answer
 * comes at once, empty, with the last_seq to start from. wait_s is 0..60
 * (negative: 25, the service's default). The call's timeout is wait_s plus
 * the client's normal timeout, so a long poll never times out early. */
govdx_call_id govdx_events(struct govdx_client *c, long after_seq, int wait_s,
                           govdx_event_batch_cb cb, void *arg);
/* GET /v1/calendar?from=&to= (YYYY-MM-DD, at most 366 days). */
govdx_call_id govdx_calendar(struct govdx_client *c, const char *from, const char *to,
                             govdx_calendar_cb cb, void *arg);

/* Blocking wrappers, as above: 0 with *out set, or -1 with *err filled.
 * get, create and transition also set *out on a 412 precondition_failed
 * (-1): the current request, which the caller frees. */
int govdx_requests_sync(struct govdx_client *c, const struct govdx_request_query *q,
                        struct govdx_request_page **out, struct govdx_error *err);
int govdx_request_get_sync(struct govdx_client *c, const char *id, struct govdx_request **out,
                           struct govdx_error *err);
int govdx_request_create_sync(struct govdx_client *c, const struct govdx_request_new *req,
                              struct govdx_request **out, struct govdx_error *err);
int govdx_request_transition_sync(struct govdx_client *c, const char *id,
                                  const struct govdx_transition *t,
                                  struct govdx_request **out, struct govdx_error *err);
int govdx_audit_sync(struct govdx_client *c, const char *subject,
                     const struct govdx_page_req *page, struct govdx_audit_page **out,
                     struct govdx_error *err);
int govdx_audit_verify_sync(struct govdx_client *c, struct govdx_audit_verify **out,
                            struct govdx_error *err);
int govdx_events_sync(struct govdx_client *c, long after_seq, int wait_s,
                      struct govdx_event_batch **out, struct govdx_error *err);
int govdx_calendar_sync(struct govdx_client *c, const char *from, const char *to,
                        struct govdx_calendar **out, struct govdx_error *err);

/* Parsers of the issue-3 answers (as the ones above: 0 with *out, or -1
 * with a "malformed_answer" naming the field). */
int govdx_parse_request(const char *body, size_t len, struct govdx_request **out,
                        struct govdx_error *err);
int govdx_parse_request_page(const char *body, size_t len, struct govdx_request_page **out,
                             struct govdx_error *err);
int govdx_parse_audit_page(const char *body, size_t len, struct govdx_audit_page **out,
                           struct govdx_error *err);
int govdx_parse_audit_verify(const char *body, size_t len, struct govdx_audit_verify **out,
                             struct govdx_error *err);
int govdx_parse_event_batch(const char *body, size_t len, struct govdx_event_batch **out,
                            struct govdx_error *err);
int govdx_parse_calendar(const char *body, size_t len, struct govdx_calendar **out,
                         struct govdx_error *err);
/* The error answer of a request call: fills *err as govdx_parse_error does
 * and, for 412 with details.current, sets *current to the parsed current
 * request (else NULL; a malformed current object is ignored, the 412 stays
 * the error). Returns what govdx_parse_error returns. */
int govdx_parse_request_error(long http_status, const char *body, size_t len,
                              struct govdx_error *err, struct govdx_request **current);

/* ---- objections (issue 4) ---------------------------------------------- */

enum govdx_objection_state {
	GOVDX_OBJECTION_UNKNOWN = 0, /* a state this library does not know (newer service) */
	GOVDX_OBJECTION_RAISED,
	GOVDX_OBJECTION_VERIFYING,
	GOVDX_OBJECTION_DISMISSED,
	GOVDX_OBJECTION_CORRECTED,
	GOVDX_OBJECTION_UPHELD,
	GOVDX_OBJECTION_CLOSED,
};
/* "raised", "verifying", ... ("unknown" for values it does not know). */
const char *govdx_objection_state_name(enum govdx_objection_state s);
/* The enum of a wire name; GOVDX_OBJECTION_UNKNOWN for NULL or an unknown name. */
enum govdx_objection_state govdx_objection_state_from(const char *name);

enum govdx_objection_kind {
	GOVDX_OBJECTION_KIND_UNKNOWN = 0, /* a kind this library does not know */
	GOVDX_OBJECTION_INCORRECT,
	GOVDX_OBJECTION_INCOMPLETE,
	GOVDX_OBJECTION_OUTDATED,
	GOVDX_OBJECTION_INCONSISTENT,
	GOVDX_OBJECTION_OTHER,
};
/* "incorrect", "incomplete", "outdated", "inconsistent", "other" ("unknown"). */
const char *govdx_objection_kind_name(enum govdx_objection_kind k);
/* The enum of a wire name; GOVDX_OBJECTION_KIND_UNKNOWN for NULL or an unknown name. */
enum govdx_objection_kind govdx_objection_kind_from(const char *name);

/* An objection against a catalog entry (docs/architecture.md, "objection
 * object"). Strings are UTF-8; nullable fields are NULL (pointers) or ""
 * (fixed buffers). The fields from reason to version mean what they mean
 * in struct govdx_request. */
struct govdx_objection {
	char *id; /* "OBJ-000123" */
	enum govdx_objection_state state;
	char *state_name; /* the state as the service spelled it (kept for UNKNOWN) */
	char *entry_code;
	char *entry_name;
	char *item;       /* the information item objected to, or NULL (the whole entry) */
	char *record_key; /* the record objected to, or NULL */
	enum govdx_objection_kind kind;
	char *kind_name;  /* the kind as the service spelled it (kept for UNKNOWN) */
	char *description;
	char *evidence;   /* or NULL */
	char *provider_department; /* department code of the entry's provider */
	char *provider_department_name;
	char provider_platform[8];
	char *raiser_department;
	char *raiser_department_name;
	char raiser_platform[8];
	char *raiser_user;
	char *note;          /* the provider's correct/uphold note, or NULL */
	char *reason;        /* of the last transition that carried one, or NULL */
	bool has_deadline;   /* the verification deadline is set (while verifying) */
	char deadline[11];   /* YYYY-MM-DD, "" when none */
	int working_days_left; /* GOVDX_NO_DAYS_LEFT when the service sent null */
	bool due_soon;
	bool overdue;
	bool deadline_provisional; /* as in struct govdx_request */
	int deadline_statute_year;
	char reopen_until[11]; /* YYYY-MM-DD: last day the raiser may reopen; "" when none */
	char *created_at;
	char *updated_at;
	char *decided_by; /* or NULL */
	char *decided_at; /* or NULL */
	long version;     /* the ETag: pass it back as govdx_transition.version */
	struct govdx_action *actions; /* as in struct govdx_request */
	size_t n_actions;
	bool has_actions;
};

struct govdx_objection_page {
	struct govdx_objection *items;
	size_t n;
	char *next_cursor;
};

void govdx_objection_free(struct govdx_objection *o);
void govdx_objection_page_free(struct govdx_objection_page *p);

/* GET /v1/objections filters, as struct govdx_request_query: NULL strings
 * are not sent; overdue and due_soon are -1 (any), 0 or 1. */
struct govdx_objection_query {
	const char *box;   /* "helpdesk" | "provider" | "raised" | "all" (the default) */
	const char *state; /* a state name, e.g. "verifying" */
	int overdue;
	int due_soon;
	const char *entry; /* only the objections against this entry code */
	struct govdx_page_req page;
};

/* POST /v1/objections. entry_code, kind and description are required. */
struct govdx_objection_new {
	const char *entry_code;
	const char *item;       /* an information item of the entry, or NULL */
	const char *record_key; /* NULL: not sent */
	enum govdx_objection_kind kind; /* not GOVDX_OBJECTION_KIND_UNKNOWN */
	const char *description;
	const char *evidence;   /* NULL: not sent */
	const char *idempotency_key; /* NULL: the library makes one */
};

/* As govdx_request_cb: on 412 precondition_failed err is set AND o is the
 * CURRENT objection (from details.current) when the service sent one. */
typedef void (*govdx_objection_cb)(void *arg, const struct govdx_error *err,
                                   struct govdx_objection *o);
typedef void (*govdx_objection_page_cb)(void *arg, const struct govdx_error *err,
                                        struct govdx_objection_page *r);

/* The same idempotency rules as the request calls: every POST carries a
 * key, and a transport failure is retried once with the same key. */
govdx_call_id govdx_objections(struct govdx_client *c, const struct govdx_objection_query *q,
                               govdx_objection_page_cb cb, void *arg);
govdx_call_id govdx_objection_get(struct govdx_client *c, const char *id,
                                  govdx_objection_cb cb, void *arg);
govdx_call_id govdx_objection_create(struct govdx_client *c,
                                     const struct govdx_objection_new *req,
                                     govdx_objection_cb cb, void *arg);
govdx_call_id govdx_objection_transition(struct govdx_client *c, const char *id,
                                         const struct govdx_transition *t,
                                         govdx_objection_cb cb, void *arg);

/* Blocking wrappers: 0 with *out set, or -1 with *err filled; get, create
 * and transition also set *out on a 412 (the current objection). */
int govdx_objections_sync(struct govdx_client *c, const struct govdx_objection_query *q,
                          struct govdx_objection_page **out, struct govdx_error *err);
int govdx_objection_get_sync(struct govdx_client *c, const char *id,
                             struct govdx_objection **out, struct govdx_error *err);
int govdx_objection_create_sync(struct govdx_client *c, const struct govdx_objection_new *req,
                                struct govdx_objection **out, struct govdx_error *err);
int govdx_objection_transition_sync(struct govdx_client *c, const char *id,
                                    const struct govdx_transition *t,
                                    struct govdx_objection **out, struct govdx_error *err);

/* Parsers of the objection answers, as govdx_parse_request and friends. */
int govdx_parse_objection(const char *body, size_t len, struct govdx_objection **out,
                          struct govdx_error *err);
int govdx_parse_objection_page(const char *body, size_t len,
                               struct govdx_objection_page **out, struct govdx_error *err);
/* As govdx_parse_request_error, for an objection call's error answer. */
int govdx_parse_objection_error(long http_status, const char *body, size_t len,
                                struct govdx_error *err, struct govdx_objection **current);

/* ---- supervision figures ----------------------------------------------- */

/* A figure the service sent as null (a median when nothing was decided, a
 * share of nothing): every double below is this or >= 0. */
#define GOVDX_NO_FIGURE (-1.0)

/* What the figures cover: a platform's subtree (kind "platform", the
 * department fields NULL) or one department (kind "department"). */
struct govdx_stats_scope {
	char kind[16];
	char platform_code[8];
	char *platform_name;
	char *department_code; /* or NULL */
	char *department_name; /* or NULL */
};

/* The figures of the whole scope. */
struct govdx_stats_totals {
	long received, decided, approved, refused, returned;
	double median_days, p90_days; /* working days; GOVDX_NO_FIGURE when none decided */
	long decided_late, open, overdue;
};

enum govdx_stats_by {
	GOVDX_STATS_BY_UNKNOWN = 0,
	GOVDX_STATS_BY_DEPARTMENT,
	GOVDX_STATS_BY_ENTRY,
	GOVDX_STATS_BY_MONTH,
};
/* "department", "entry", "month" ("unknown"). */
const char *govdx_stats_by_name(enum govdx_stats_by by);

/* One row of GET /v1/stats; which fields are set depends on by (the others
 * are NULL, 0 or ""). */
struct govdx_stats_row {
	/* department (by department and by entry) */
	char *department_code;
	char *department_name;
	char platform_code[8];    /* by department */
	/* by department and by month */
	long received, decided, approved, refused, returned;
	double approved_share, refused_share, returned_share; /* 0..1, by department;
	                                                          GOVDX_NO_FIGURE */
	double median_days, p90_days; /* GOVDX_NO_FIGURE when none decided */
	long decided_late;
	long open, overdue;       /* by department */
	/* by entry */
	char *entry_code;
	char *entry_name;
	long requests, objections, objections_accepted, days_disputed;
	/* by month */
	char month[8];            /* "YYYY-MM" */
};

/* One Monday-started week: decisions made that week, and requests overdue
 * at its end. */
struct govdx_stats_week {
	char week[11]; /* the Monday, YYYY-MM-DD */
	long decided, overdue;
};

struct govdx_stats {
	struct govdx_stats_scope scope;
	char from[11], to[11];
	enum govdx_stats_by by;
	char *by_name; /* as the service spelled it */
	struct govdx_stats_totals totals;
	struct govdx_stats_row *rows;
	size_t n_rows;
	struct govdx_stats_week *weekly; /* oldest first, at most 26 */
	size_t n_weekly;
	bool truncated; /* more rows exist than the limit */
};

/* A search that found nothing, counted per normalised text. */
struct govdx_stats_search {
	char *query;
	long count;
	char last_searched[11];
};

/* Refusals of one entry on the ground not_held in the period. */
struct govdx_stats_not_held {
	char *entry_code;
	char *entry_name;
	char *department_code;
	char *department_name;
	long refused;
};

/* GET /v1/stats/unmet */
struct govdx_stats_unmet {
	struct govdx_stats_scope scope;
	char from[11], to[11];
	struct govdx_stats_search *searches; /* most frequent first */
	size_t n_searches;
	struct govdx_stats_not_held *not_held; /* most refusals first */
	size_t n_not_held;
	bool truncated;
};

/* The parameters of both calls; NULL strings and limit 0 are not sent (the
 * service's defaults: its own platform, the last 365 days, by department,
 * sort code, limit 200). by and sort are not sent to /v1/stats/unmet. */
struct govdx_stats_query {
	const char *platform; /* a platform code (authority and admin) */
	const char *from;     /* YYYY-MM-DD */
	const char *to;
	const char *by;       /* "department" | "entry" | "month" */
	const char *sort;     /* department: code, late, overdue, received, median, p90;
	                         entry: code, requests, objections, disputed */
	int limit;            /* 1..1000 */
};

void govdx_stats_free(struct govdx_stats *s);
void govdx_stats_unmet_free(struct govdx_stats_unmet *u);

typedef void (*govdx_stats_cb)(void *arg, const struct govdx_error *err, struct govdx_stats *r);
typedef void (*govdx_stats_unmet_cb)(void *arg, const struct govdx_error *err,
                                     struct govdx_stats_unmet *r);

/* GET /v1/stats and GET /v1/stats/unmet (authority, admin, approver,
 * helpdesk; an official gets 403 forbidden). */
govdx_call_id govdx_stats(struct govdx_client *c, const struct govdx_stats_query *q,
                          govdx_stats_cb cb, void *arg);
govdx_call_id govdx_stats_unmet(struct govdx_client *c, const struct govdx_stats_query *q,
                                govdx_stats_unmet_cb cb, void *arg);
int govdx_stats_sync(struct govdx_client *c, const struct govdx_stats_query *q,
                     struct govdx_stats **out, struct govdx_error *err);
int govdx_stats_unmet_sync(struct govdx_client *c, const struct govdx_stats_query *q,
                           struct govdx_stats_unmet **out, struct govdx_error *err);
/* Their parsers, as the ones above. */
int govdx_parse_stats(const char *body, size_t len, struct govdx_stats **out,
                      struct govdx_error *err);
int govdx_parse_stats_unmet(const char *body, size_t len, struct govdx_stats_unmet **out,
                            struct govdx_error *err);
/* ---- catalog maintenance: revisions of entries (issue 15) --------------- */

enum govdx_revision_state {
	GOVDX_REVISION_UNKNOWN = 0, /* a state this library does not know (newer service) */
	GOVDX_REVISION_DRAFT,
	GOVDX_REVISION_SUBMITTED,
	GOVDX_REVISION_RETURNED,
	GOVDX_REVISION_PUBLISHED,
	GOVDX_REVISION_WITHDRAWN,
};
/* "draft", "submitted", ... ("unknown" for values it does not know). */
const char *govdx_revision_state_name(enum govdx_revision_state s);
/* The enum of a wire name; GOVDX_REVISION_UNKNOWN for NULL or an unknown name. */
enum govdx_revision_state govdx_revision_state_from(const char *name);

/* The GB/T 21063.3 core fields of an entry that a revision carries, in
 * the order the service lists them. GOVDX_FIELD_COUNT is not a field. */
enum govdx_field {
	GOVDX_FIELD_NAME = 0,
	GOVDX_FIELD_CLASSIFICATION,
	GOVDX_FIELD_ABSTRACT,
	GOVDX_FIELD_FORMAT,
	GOVDX_FIELD_ITEMS,
	GOVDX_FIELD_SHARING_TYPE,
	GOVDX_FIELD_SHARING_CONDITION,
	GOVDX_FIELD_SHARING_METHOD,
	GOVDX_FIELD_BASIS,
	GOVDX_FIELD_OPEN_ATTRIBUTE,
	GOVDX_FIELD_OPEN_CONDITION,
	GOVDX_FIELD_UPDATE_CYCLE,
	GOVDX_FIELD_RELATED,
	GOVDX_FIELD_COUNT,
};
#define GOVDX_FIELD_BIT(f) (1u << (unsigned)(f))
#define GOVDX_FIELDS_ALL (GOVDX_FIELD_BIT(GOVDX_FIELD_COUNT) - 1u)
/* The wire name of a field ("name", "sharing_type", ...; NULL outside the
 * enum), and the field of a wire name (GOVDX_FIELD_COUNT when unknown; a
 * "fields." prefix, as a 422's details.parameter has it, is skipped). */
const char *govdx_field_name(enum govdx_field f);
enum govdx_field govdx_field_from(const char *name);

/* An information item as a revision carries it. */
struct govdx_revision_item {
	char *name;
	char *type;  /* data_type, e.g. "字符型C" */
	int length;  /* 0 when not applicable */
	bool shared; /* the item is shared (true when the service leaves it out) */
};

/* An entry's core fields. Strings are NULL when the service sent null;
 * sharing_type ("unconditional" | "conditional" | "none") and
 * open_attribute ("open" | "conditional" | "closed") are kept as spelled. */
struct govdx_entry_fields {
	char *name;
	char *classification; /* 类-项-目-细目, e.g. "3-10-102-01" */
	char *abstract;
	char *format;
	struct govdx_revision_item *items;
	size_t n_items;
	char *sharing_type;
	char *sharing_condition;
	char *sharing_method;
	char *basis;
	char *open_attribute;
	char *open_condition;
	char *update_cycle;
	char **related; /* entry codes */
	size_t n_related;
};

/* A draft, submitted, returned, published or withdrawn revision
 * (/v1/revisions/{id}). The fields from reason to version, and actions,
 * mean what they mean in struct govdx_request (deadline: the review's). */
struct govdx_revision {
	char *id;         /* "REV-000001" */
	enum govdx_revision_state state;
	char *state_name; /* as the service spelled it (kept for UNKNOWN) */
	char *entry_code; /* NULL: a new entry not yet published */
	long number;      /* the revision number once published, else 0 */
	long base;        /* the published revision it edits, else 0 */
	char *department_code;
	char *department_name;
	char platform_code[8];
	struct govdx_entry_fields fields;
	char *objection;  /* "OBJ-000003" whose correction this is, or NULL */
	char *created_by;
	char *submitted_at; /* or NULL */
	char *reason;
	bool has_deadline;
	char deadline[11];
	int working_days_left;
	bool due_soon;
	bool overdue;
	bool deadline_provisional;
	int deadline_statute_year;
	char *created_at;
	char *updated_at;
	char *decided_by;
	char *decided_at;
	long version;
	struct govdx_action *actions;
	size_t n_actions;
	bool has_actions;
};

struct govdx_revision_page {
	struct govdx_revision *items;
	size_t n;
	char *next_cursor;
};

/* One published revision of an entry (GET /v1/entries/{code}/revisions
 * and .../revisions/{n}): has_fields is false in a list that sends only
 * the summary. */
struct govdx_entry_revision {
	long number;
	char *id;           /* the revision's "REV-…" id ("revision"), or NULL for
	                       what the seed loaded */
	char *published_at; /* or NULL (seeded entries may have none) */
	char *published_by; /* or NULL */
	char *name;         /* the entry's name in that revision, or NULL */
	struct govdx_entry_fields fields;
	bool has_fields;
};

struct govdx_entry_revision_page {
	struct govdx_entry_revision *items;
	size_t n;
	char *next_cursor; /* NULL on the last page (or an unpaged list) */
};

/* A changed text field between two revisions; NULL is "no value". */
struct govdx_diff_field {
	char *field; /* the wire name, e.g. "abstract" */
	char *before;
	char *after;
};

struct govdx_diff_item_change {
	char *name;
	struct govdx_revision_item before;
	struct govdx_revision_item after;
};

/* The field-by-field differences between two revisions (from: 0 when the
 * revision is a new entry's; to: the number, or the "REV-…" id of one not
 * published): the changed text fields in the order of enum govdx_field,
 * the items compared by name, the related codes added and removed. */
struct govdx_diff {
	long from;
	char *to;
	struct govdx_diff_field *fields;
	size_t n_fields;
	struct govdx_revision_item *added;
	size_t n_added;
	struct govdx_revision_item *removed;
	size_t n_removed;
	struct govdx_diff_item_change *changed;
	size_t n_changed;
	char **related_added;
	size_t n_related_added;
	char **related_removed;
	size_t n_related_removed;
};

void govdx_entry_fields_clear(struct govdx_entry_fields *f); /* frees what f holds, zeroes it */
void govdx_revision_free(struct govdx_revision *r);
void govdx_revision_page_free(struct govdx_revision_page *p);
void govdx_entry_revision_free(struct govdx_entry_revision *r);
void govdx_entry_revision_page_free(struct govdx_entry_revision_page *p);
void govdx_diff_free(struct govdx_diff *d);

/* GET /v1/revisions filters: NULL strings are not sent. */
struct govdx_revision_query {
	const char *queue; /* "review" (what the caller may review, deadline order) |
	                      "mine" (the caller's department's) | "all" */
	const char *state; /* a state name */
	const char *entry; /* only the revisions of this entry code */
	struct govdx_page_req page;
};

/* POST /v1/revisions: a draft of a new entry (entry_code NULL) or of a
 * published entry. The fields whose bit is in mask are sent (a NULL
 * string as null); for a revision of a published entry, those not sent
 * default to the published ones. */
struct govdx_revision_new {
	const char *entry_code;
	const struct govdx_entry_fields *fields; /* may be NULL with mask 0 */
	unsigned mask;                           /* GOVDX_FIELD_BIT(...) | ... */
	const char *objection;       /* NULL: not sent */
	const char *idempotency_key; /* NULL: the library makes one */
};

/* PATCH /v1/revisions/{id} with If-Match: the fields whose bit is in mask. */
struct govdx_revision_patch {
	const struct govdx_entry_fields *fields;
	unsigned mask;
	long version; /* If-Match; 0 sends none (the service then answers 428) */
};

/* As govdx_request_cb: on 412 err is set AND r is the current revision
 * when the service sent one. A 422 invalid_parameter names the refused
 * field in err->parameter ("fields.basis") and at the end of its message. */
typedef void (*govdx_revision_cb)(void *arg, const struct govdx_error *err,
                                  struct govdx_revision *r);
typedef void (*govdx_revision_page_cb)(void *arg, const struct govdx_error *err,
                                       struct govdx_revision_page *r);
typedef void (*govdx_entry_revision_cb)(void *arg, const struct govdx_error *err,
                                        struct govdx_entry_revision *r);
typedef void (*govdx_entry_revision_page_cb)(void *arg, const struct govdx_error *err,
                                             struct govdx_entry_revision_page *r);
typedef void (*govdx_diff_cb)(void *arg, const struct govdx_error *err, struct govdx_diff *r);

govdx_call_id govdx_revisions(struct govdx_client *c, const struct govdx_revision_query *q,
                              govdx_revision_page_cb cb, void *arg);
govdx_call_id govdx_revision_get(struct govdx_client *c, const char *id, govdx_revision_cb cb,
                                 void *arg);
govdx_call_id govdx_revision_create(struct govdx_client *c, const struct govdx_revision_new *req,
                                    govdx_revision_cb cb, void *arg);
govdx_call_id govdx_revision_patch(struct govdx_client *c, const char *id,
                                   const struct govdx_revision_patch *p, govdx_revision_cb cb,
                                   void *arg);
/* submit, withdraw, publish, return (reason required). */
govdx_call_id govdx_revision_transition(struct govdx_client *c, const char *id,
                                        const struct govdx_transition *t,
                                        govdx_revision_cb cb, void *arg);
/* GET /v1/revisions/{id}/diff: against its base. */
govdx_call_id govdx_revision_diff(struct govdx_client *c, const char *id, govdx_diff_cb cb,
                                  void *arg);
/* POST /v1/entries/{code}/transitions {action: "retire", reason} with
 * If-Match: the entry's version; the answer is the entry. */
govdx_call_id govdx_entry_transition(struct govdx_client *c, const char *code,
                                     const struct govdx_transition *t, govdx_entry_cb cb,
                                     void *arg);
govdx_call_id govdx_entry_revisions(struct govdx_client *c, const char *code,
                                    const struct govdx_page_req *page,
                                    govdx_entry_revision_page_cb cb, void *arg);
govdx_call_id govdx_entry_revision(struct govdx_client *c, const char *code, long number,
                                   govdx_entry_revision_cb cb, void *arg);
/* GET /v1/entries/{code}/revisions/{n}/diff?against=m (against 0: not sent,
 * the service's default, the revision before). */
govdx_call_id govdx_entry_revision_diff(struct govdx_client *c, const char *code, long number,
                                        long against, govdx_diff_cb cb, void *arg);

/* Blocking wrappers: 0 with *out set, or -1 with *err filled; get, create,
 * patch and transition also set *out on a 412 (the current revision). */
int govdx_revisions_sync(struct govdx_client *c, const struct govdx_revision_query *q,
                         struct govdx_revision_page **out, struct govdx_error *err);
int govdx_revision_get_sync(struct govdx_client *c, const char *id,
                            struct govdx_revision **out, struct govdx_error *err);
int govdx_revision_create_sync(struct govdx_client *c, const struct govdx_revision_new *req,
                               struct govdx_revision **out, struct govdx_error *err);
int govdx_revision_patch_sync(struct govdx_client *c, const char *id,
                              const struct govdx_revision_patch *p,
                              struct govdx_revision **out, struct govdx_error *err);
int govdx_revision_transition_sync(struct govdx_client *c, const char *id,
                                   const struct govdx_transition *t,
                                   struct govdx_revision **out, struct govdx_error *err);
int govdx_entry_revisions_sync(struct govdx_client *c, const char *code,
                               const struct govdx_page_req *page,
                               struct govdx_entry_revision_page **out, struct govdx_error *err);
int govdx_revision_diff_sync(struct govdx_client *c, const char *id, struct govdx_diff **out,
                             struct govdx_error *err);
int govdx_entry_transition_sync(struct govdx_client *c, const char *code,
                                const struct govdx_transition *t, struct govdx_entry **out,
                                struct govdx_error *err);

/* Parsers of the revision answers, as govdx_parse_request and friends. */
int govdx_parse_revision(const char *body, size_t len, struct govdx_revision **out,
                         struct govdx_error *err);
int govdx_parse_revision_page(const char *body, size_t len, struct govdx_revision_page **out,
                              struct govdx_error *err);
int govdx_parse_revision_error(long http_status, const char *body, size_t len,
                               struct govdx_error *err, struct govdx_revision **current);
int govdx_parse_entry_revision(const char *body, size_t len, struct govdx_entry_revision **out,
                               struct govdx_error *err);
int govdx_parse_entry_revision_page(const char *body, size_t len,
                                    struct govdx_entry_revision_page **out,
                                    struct govdx_error *err);
int govdx_parse_diff(const char *body, size_t len, struct govdx_diff **out,
                     struct govdx_error *err);

/* Reads a token file: refuses (with the reason) a missing file, a file whose
 * mode has group or other bits, an empty token, or one with control characters.
 * On success *token is a malloc'd string the caller frees. */
int govdx_read_token_file(const char *path, char **token, struct govdx_error *err);

const char *govdx_version(void);

#ifdef __cplusplus
}
#endif
#endif
