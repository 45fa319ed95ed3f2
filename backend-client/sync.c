/*
 * sync.c — blocking wrappers for tools and tests.
 *
 * Each wrapper starts the asynchronous call with a result slot on its own
 * stack and runs govdx_client_poll / govdx_client_perform until that call
 * is done. Other calls in flight on the same client keep going meanwhile,
 * and their callbacks run from inside the wrapper (that is what perform
 * does); a single-threaded caller sees them at a point where it called the
 * library, never from a signal or another thread.
 *
 * If the call disappears without finishing (another callback cancelled it
 * or freed the client), the wrapper returns GOVDX_ERR_CANCELLED instead of
 * waiting forever.
 */
#include "config.h"

#include "client.h"
#include "errors.h"

struct sync_slot {
	bool done;
	struct govdx_error err;
	void *result;
};

/* A wrapper waits in slices: curl_multi_poll returns earlier whenever a
 * transfer needs attention, so the slice only bounds an idle wait. */
#define SYNC_POLL_SLICE_MS 1000

static void slot_done(void *arg, const struct govdx_error *err, void *result)
{
	struct sync_slot *s = arg;

	s->done = true;
	if (err != NULL)
		s->err = *err;
	else
		errors_clear(&s->err);
	s->result = result;
}

static int sync_wait(struct govdx_client *c, govdx_call_id id, struct sync_slot *s,
                     struct govdx_error *err)
{
	int rc = 0;

	if (c == NULL) /* the call was refused and its callback filled the slot */
		return s->err.kind != GOVDX_ERR_NONE ? (*err = s->err, -1) : 0;
	/* Held so that a callback freeing the client cannot pull it away from
	 * under this loop; the client then goes when the hold ends. */
	client_hold(c);
	while (!s->done) {
		if (!client_in_flight(c, id)) {
			rc = errors_set(err, GOVDX_ERR_CANCELLED, 0, "cancelled",
			                "the request was cancelled before it finished");
			break;
		}
		if (govdx_client_poll(c, NULL, 0, SYNC_POLL_SLICE_MS, err) != 0) {
			govdx_cancel(c, id);
			rc = -1;
			break;
		}
		govdx_client_perform(c);
	}
	client_release(c);
	if (rc == 0 && s->err.kind != GOVDX_ERR_NONE) {
		*err = s->err;
		rc = -1;
	}
	return rc;
}

/* The typed callbacks all store into the slot. */
static void on_health(void *arg, const struct govdx_error *err, struct govdx_health *r)
{
	slot_done(arg, err, r);
}

static void on_me(void *arg, const struct govdx_error *err, struct govdx_me *r)
{
	slot_done(arg, err, r);
}

static void on_node(void *arg, const struct govdx_error *err, struct govdx_platform_node *r)
{
	slot_done(arg, err, r);
}

static void on_platform_page(void *arg, const struct govdx_error *err,
                             struct govdx_platform_page *r)
{
	slot_done(arg, err, r);
}

static void on_department_page(void *arg, const struct govdx_error *err,
                               struct govdx_department_page *r)
{
	slot_done(arg, err, r);
}

static void on_entry_page(void *arg, const struct govdx_error *err, struct govdx_entry_page *r)
{
	slot_done(arg, err, r);
}

static void on_entry(void *arg, const struct govdx_error *err, struct govdx_entry *r)
{
	slot_done(arg, err, r);
}

/* Shared prologue: a scratch error when err is NULL, a clean slot. */
#define SYNC_BEGIN(out) \
	struct govdx_error scratch; \
	struct sync_slot s = {0}; \
	govdx_call_id id; \
	if (err == NULL) \
		err = &scratch; \
	errors_clear(err); \
	if ((out) == NULL) \
		return errors_set(err, GOVDX_ERR_USAGE, 0, "bad_argument", \
		                  "a blocking call needs a result pointer"); \
	*(out) = NULL

int govdx_health_sync(struct govdx_client *c, struct govdx_health **out, struct govdx_error *err)
{
	SYNC_BEGIN(out);
	id = govdx_health(c, on_health, &s);
	if (sync_wait(c, id, &s, err) != 0)
		return -1;
	*out = s.result;
	return 0;
}

int govdx_me_sync(struct govdx_client *c, struct govdx_me **out, struct govdx_error *err)
{
	SYNC_BEGIN(out);
	id = govdx_me(c, on_me, &s);
	if (sync_wait(c, id, &s, err) != 0)
		return -1;
	*out = s.result;
	return 0;
}

int govdx_platform_sync(struct govdx_client *c, const char *code,
                        struct govdx_platform_node **out, struct govdx_error *err)
{
	SYNC_BEGIN(out);
	id = govdx_platform(c, code, on_node, &s);
	if (sync_wait(c, id, &s, err) != 0)
		return -1;
	*out = s.result;
	return 0;
}

int govdx_platform_children_sync(struct govdx_client *c, const char *code,
                                 const struct govdx_page_req *page,
                                 struct govdx_platform_page **out, struct govdx_error *err)
{
	SYNC_BEGIN(out);
	id = govdx_platform_children(c, code, page, on_platform_page, &s);
	if (sync_wait(c, id, &s, err) != 0)
		return -1;
	*out = s.result;
	return 0;
}

int govdx_platform_departments_sync(struct govdx_client *c, const char *code,
                                    const struct govdx_page_req *page,
                                    struct govdx_department_page **out, struct govdx_error *err)
{
	SYNC_BEGIN(out);
	id = govdx_platform_departments(c, code, page, on_department_page, &s);
	if (sync_wait(c, id, &s, err) != 0)
		return -1;
	*out = s.result;
	return 0;
}

int govdx_entries_sync(struct govdx_client *c, const struct govdx_entry_query *q,
                       struct govdx_entry_page **out, struct govdx_error *err)
{
	SYNC_BEGIN(out);
	id = govdx_entries(c, q, on_entry_page, &s);
	if (sync_wait(c, id, &s, err) != 0)
		return -1;
	*out = s.result;
	return 0;
}

int govdx_entry_sync(struct govdx_client *c, const char *code, struct govdx_entry **out,
                     struct govdx_error *err)
{
	SYNC_BEGIN(out);
	id = govdx_entry(c, code, on_entry, &s);
	if (sync_wait(c, id, &s, err) != 0)
		return -1;
	*out = s.result;
	return 0;
}

/* ---- sharing requests, audit, events, calendar ---------------------------- */

static void on_request(void *arg, const struct govdx_error *err, struct govdx_request *r)
{
	slot_done(arg, err, r);
}

static void on_request_page(void *arg, const struct govdx_error *err,
                            struct govdx_request_page *r)
{
	slot_done(arg, err, r);
}

static void on_audit_page(void *arg, const struct govdx_error *err, struct govdx_audit_page *r)
{
	slot_done(arg, err, r);
}

static void on_verify(void *arg, const struct govdx_error *err, struct govdx_audit_verify *r)
{
	slot_done(arg, err, r);
}

static void on_events(void *arg, const struct govdx_error *err, struct govdx_event_batch *r)
{
	slot_done(arg, err, r);
}

static void on_calendar(void *arg, const struct govdx_error *err, struct govdx_calendar *r)
{
	slot_done(arg, err, r);
}

/* A request or objection call hands over a result even when it fails
 * (412: the current object), so *out is set whatever the outcome. */
#define SYNC_END_KEEP(out) \
	do { \
		int rc_ = sync_wait(c, id, &s, err); \
		*(out) = s.result; \
		return rc_; \
	} while (0)

#define SYNC_END(out) \
	do { \
		if (sync_wait(c, id, &s, err) != 0) \
			return -1; \
		*(out) = s.result; \
		return 0; \
	} while (0)

int govdx_requests_sync(struct govdx_client *c, const struct govdx_request_query *q,
                        struct govdx_request_page **out, struct govdx_error *err)
{
	SYNC_BEGIN(out);
	id = govdx_requests(c, q, on_request_page, &s);
	SYNC_END(out);
}

int govdx_request_get_sync(struct govdx_client *c, const char *rid, struct govdx_request **out,
                           struct govdx_error *err)
{
	SYNC_BEGIN(out);
	id = govdx_request_get(c, rid, on_request, &s);
	SYNC_END_KEEP(out);
}

int govdx_request_create_sync(struct govdx_client *c, const struct govdx_request_new *req,
                              struct govdx_request **out, struct govdx_error *err)
{
	SYNC_BEGIN(out);
	id = govdx_request_create(c, req, on_request, &s);
	SYNC_END_KEEP(out);
}

int govdx_request_transition_sync(struct govdx_client *c, const char *rid,
                                  const struct govdx_transition *t,
                                  struct govdx_request **out, struct govdx_error *err)
{
	SYNC_BEGIN(out);
	id = govdx_request_transition(c, rid, t, on_request, &s);
	SYNC_END_KEEP(out);
}

int govdx_audit_sync(struct govdx_client *c, const char *subject,
                     const struct govdx_page_req *page, struct govdx_audit_page **out,
                     struct govdx_error *err)
{
	SYNC_BEGIN(out);
	id = govdx_audit(c, subject, page, on_audit_page, &s);
	SYNC_END(out);
}

int govdx_audit_verify_sync(struct govdx_client *c, struct govdx_audit_verify **out,
                            struct govdx_error *err)
{
	SYNC_BEGIN(out);
	id = govdx_audit_verify(c, on_verify, &s);
	SYNC_END(out);
}

int govdx_events_sync(struct govdx_client *c, long after_seq, int wait_s,
                      struct govdx_event_batch **out, struct govdx_error *err)
{
	SYNC_BEGIN(out);
	id = govdx_events(c, after_seq, wait_s, on_events, &s);
	SYNC_END(out);
}

int govdx_calendar_sync(struct govdx_client *c, const char *from, const char *to,
                        struct govdx_calendar **out, struct govdx_error *err)
{
	SYNC_BEGIN(out);
	id = govdx_calendar(c, from, to, on_calendar, &s);
	SYNC_END(out);
}

/* ---- objections ----------------------------------------------------------- */

static void on_objection(void *arg, const struct govdx_error *err, struct govdx_objection *r)
{
	slot_done(arg, err, r);
}

static void on_objection_page(void *arg, const struct govdx_error *err,
                              struct govdx_objection_page *r)
{
	slot_done(arg, err, r);
}

int govdx_objections_sync(struct govdx_client *c, const struct govdx_objection_query *q,
                          struct govdx_objection_page **out, struct govdx_error *err)
{
	SYNC_BEGIN(out);
	id = govdx_objections(c, q, on_objection_page, &s);
	SYNC_END(out);
}

int govdx_objection_get_sync(struct govdx_client *c, const char *oid,
                             struct govdx_objection **out, struct govdx_error *err)
{
	SYNC_BEGIN(out);
	id = govdx_objection_get(c, oid, on_objection, &s);
	SYNC_END_KEEP(out);
}

int govdx_objection_create_sync(struct govdx_client *c, const struct govdx_objection_new *req,
                                struct govdx_objection **out, struct govdx_error *err)
{
	SYNC_BEGIN(out);
	id = govdx_objection_create(c, req, on_objection, &s);
	SYNC_END_KEEP(out);
}

int govdx_objection_transition_sync(struct govdx_client *c, const char *oid,
                                    const struct govdx_transition *t,
                                    struct govdx_objection **out, struct govdx_error *err)
{
	SYNC_BEGIN(out);
	id = govdx_objection_transition(c, oid, t, on_objection, &s);
	SYNC_END_KEEP(out);
}

/* ---- supervision figures -------------------------------------------------- */

static void on_stats(void *arg, const struct govdx_error *err, struct govdx_stats *r)
{
	slot_done(arg, err, r);
}

static void on_unmet(void *arg, const struct govdx_error *err, struct govdx_stats_unmet *r)
{
	slot_done(arg, err, r);
}

int govdx_stats_sync(struct govdx_client *c, const struct govdx_stats_query *q,
                     struct govdx_stats **out, struct govdx_error *err)
{
	SYNC_BEGIN(out);
	id = govdx_stats(c, q, on_stats, &s);
	SYNC_END(out);
}

int govdx_stats_unmet_sync(struct govdx_client *c, const struct govdx_stats_query *q,
                           struct govdx_stats_unmet **out, struct govdx_error *err)
{
	SYNC_BEGIN(out);
	id = govdx_stats_unmet(c, q, on_unmet, &s);
	SYNC_END(out);
}

/* ---- revisions --------------------------------------------------------------- */

static void on_revision(void *arg, const struct govdx_error *err, struct govdx_revision *r)
{
	slot_done(arg, err, r);
}

static void on_revision_page(void *arg, const struct govdx_error *err,
                             struct govdx_revision_page *r)
{
	slot_done(arg, err, r);
}

static void on_entry_revision_page(void *arg, const struct govdx_error *err,
                                   struct govdx_entry_revision_page *r)
{
	slot_done(arg, err, r);
}

static void on_diff(void *arg, const struct govdx_error *err, struct govdx_diff *r)
{
	slot_done(arg, err, r);
}

int govdx_revisions_sync(struct govdx_client *c, const struct govdx_revision_query *q,
                         struct govdx_revision_page **out, struct govdx_error *err)
{
	SYNC_BEGIN(out);
	id = govdx_revisions(c, q, on_revision_page, &s);
	SYNC_END(out);
}

int govdx_revision_get_sync(struct govdx_client *c, const char *rid,
                            struct govdx_revision **out, struct govdx_error *err)
{
	SYNC_BEGIN(out);
	id = govdx_revision_get(c, rid, on_revision, &s);
	SYNC_END_KEEP(out);
}

int govdx_revision_create_sync(struct govdx_client *c, const struct govdx_revision_new *req,
                               struct govdx_revision **out, struct govdx_error *err)
{
	SYNC_BEGIN(out);
	id = govdx_revision_create(c, req, on_revision, &s);
	SYNC_END_KEEP(out);
}

int govdx_revision_patch_sync(struct govdx_client *c, const char *rid,
                              const struct govdx_revision_patch *p,
                              struct govdx_revision **out, struct govdx_error *err)
{
	SYNC_BEGIN(out);
	id = govdx_revision_patch(c, rid, p, on_revision, &s);
	SYNC_END_KEEP(out);
}

int govdx_revision_transition_sync(struct govdx_client *c, const char *rid,
                                   const struct govdx_transition *t,
                                   struct govdx_revision **out, struct govdx_error *err)
{
	SYNC_BEGIN(out);
	id = govdx_revision_transition(c, rid, t, on_revision, &s);
	SYNC_END_KEEP(out);
}

int govdx_entry_revisions_sync(struct govdx_client *c, const char *code,
                               const struct govdx_page_req *page,
                               struct govdx_entry_revision_page **out, struct govdx_error *err)
{
	SYNC_BEGIN(out);
	id = govdx_entry_revisions(c, code, page, on_entry_revision_page, &s);
	SYNC_END(out);
}

int govdx_revision_diff_sync(struct govdx_client *c, const char *rid, struct govdx_diff **out,
                             struct govdx_error *err)
{
	SYNC_BEGIN(out);
	id = govdx_revision_diff(c, rid, on_diff, &s);
	SYNC_END(out);
}

static void on_entry_answer(void *arg, const struct govdx_error *err, struct govdx_entry *r)
{
	slot_done(arg, err, r);
}

int govdx_entry_transition_sync(struct govdx_client *c, const char *code,
                                const struct govdx_transition *t, struct govdx_entry **out,
                                struct govdx_error *err)
{
	SYNC_BEGIN(out);
	id = govdx_entry_transition(c, code, t, on_entry_answer, &s);
	SYNC_END(out);
}
