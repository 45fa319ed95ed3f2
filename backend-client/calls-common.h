/*
 * calls-common.h — what the calls of the workflow endpoints share
 * (internal to libgovdx): refusing bad arguments before anything is sent,
 * starting a GET of a built URL, starting a POST that always carries an
 * Idempotency-Key (and If-Match when asked), and the three calls that
 * sharing requests and objections make alike: a list filtered by box,
 * state, overdue and due soon; one object by id; a transition.
 *
 * A call refused here delivers its error to the callback at once and
 * returns 0, as govdx.h promises.
 */
#ifndef GOVDX_CALLS_COMMON_H
#define GOVDX_CALLS_COMMON_H

#include <stdbool.h>

#include <jansson.h>

#include "client.h"
#include "request.h"

/* NULL or "". */
bool calls_common_missing(const char *s);

/* Refuses: "<problem> for <what the call fetches>" (GOVDX_ERR_USAGE
 * bad_argument), or out of memory. */
govdx_call_id calls_common_refuse(const struct call_kind *kind, call_generic_cb cb, void *arg,
                                  const char *problem);
govdx_call_id calls_common_refuse_nomem(const struct call_kind *kind, call_generic_cb cb,
                                        void *arg);

/* Sets obj[key] to the string; false when it is not valid UTF-8 (jansson
 * refuses it) or memory ran out. */
bool calls_common_put_string(json_t *obj, const char *key, const char *value);

/* Starts a GET of the built URL (and frees it); extra_timeout_ms is added
 * to the client's timeout (long polls). */
govdx_call_id calls_common_get(struct govdx_client *c, const struct call_kind *kind,
                               call_generic_cb cb, void *arg, struct request_url *u,
                               long extra_timeout_ms);

/* Starts a POST of body (consumed) to the built URL (freed) with the
 * caller's Idempotency-Key, or one made here when key is NULL, and
 * If-Match: "<if_match>" when if_match > 0. Retried once, with the same
 * key and body, after a transport failure. */
govdx_call_id calls_common_post(struct govdx_client *c, const struct call_kind *kind,
                                call_generic_cb cb, void *arg, struct request_url *u,
                                json_t *body, const char *key, long if_match);

/* The filters of a workflow list (struct govdx_request_query,
 * struct govdx_objection_query). */
struct calls_common_filter {
	const char *box;
	const char *state;
	int overdue;  /* -1 any, 0, 1 */
	int due_soon; /* -1 any, 0, 1 */
	const char *entry; /* objections only: one entry's (NULL: not sent) */
	const char *provider; /* requests only: one provider department's (NULL: not sent) */
	const struct govdx_page_req *page;
};

/* GET <collection>?box=&state=&overdue=&due_soon=&entry=&provider=&limit=&cursor= (filter
 * may be NULL: no filters). */
govdx_call_id calls_common_list(struct govdx_client *c, const struct call_kind *kind,
                                call_generic_cb cb, void *arg, const char *collection,
                                const struct calls_common_filter *filter);

/* GET <collection>/{id}; noun names the object in a refusal ("request"). */
govdx_call_id calls_common_get_one(struct govdx_client *c, const struct call_kind *kind,
                                   call_generic_cb cb, void *arg, const char *collection,
                                   const char *noun, const char *id);

/* POST <collection>/{id}/transitions {"action","reason"?,"ground"?} with If-Match
 * (unless t->version is 0) and the Idempotency-Key. */
govdx_call_id calls_common_transition(struct govdx_client *c, const struct call_kind *kind,
                                      call_generic_cb cb, void *arg, const char *collection,
                                      const char *noun, const char *id,
                                      const struct govdx_transition *t);

#endif
