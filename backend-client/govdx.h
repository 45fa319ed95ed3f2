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
	                      "oversize_answer", "malformed_answer", "token_file", ... */
	char message[512]; /* one line, in words a user understands */
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
 * from the status, e.g. "bad_gateway", or "http_error"). The other parsers
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

/* Reads a token file: refuses (with the reason) a missing file, a file whose
 * mode has group or other bits, an empty token, or one with control characters.
 * On success *token is a malloc'd string the caller frees. */
int govdx_read_token_file(const char *path, char **token, struct govdx_error *err);

const char *govdx_version(void);

#ifdef __cplusplus
}
#endif
#endif
