/*
 * case — what sharing requests and objections have in common, so that one
 * store (casestore), one queue view, one detail view, one batch of
 * decisions and one set of decision commands serve both.
 *
 * A case is an object of the service with an id ("REQ-000123",
 * "OBJ-000045"), a state, an entry it is about, a provider department and
 * one other department (the requester, the raiser), an optional
 * working-day deadline, who decided last, a version (the ETag) and what
 * the user may do with it now — the service's list, computed by the rule
 * its transitions enforce; the console has no rule of its own.  Each
 * subject fills one const struct case_kind: its names, boxes, states and
 * the words of its actions as data, and the few functions that differ —
 * the library calls with their typed callbacks, box membership, the
 * fields only it has.
 *
 * Calls: the store and the batch keep a record per call (so the records of
 * calls cancelled with the client are freed too); the record starts with a
 * struct case_call whose callback the kind's typed library callback calls
 * with the object as void *.  No allocation happens between the two.
 *
 * Invariants: a kind's tables are const and live for the program; ids of
 * two kinds never share a prefix, so an id alone names its kind.
 */
#ifndef GOVDX_CASE_H
#define GOVDX_CASE_H

#include <stdbool.h>
#include <stddef.h>

#include <govdx.h>

/* The common fields of a case, pointing into the object (valid while it
 * lives).  Strings may be NULL where the service sends null. */
struct case_info {
	const char *id;
	const char *state;
	const char *entry_code, *entry_name;
	const char *provider_department, *provider_department_name;
	const char *provider_platform;
	const char *other_department, *other_department_name; /* requester or raiser */
	const char *other_platform;
	const char *other_user; /* who filed or raised it */
	bool has_deadline;
	const char *deadline; /* "" when none */
	int working_days_left; /* GOVDX_NO_DAYS_LEFT when none */
	bool due_soon, overdue;
	bool deadline_provisional; /* counted by the statute: the year's holiday
	                              notice is not imported (shown with a ≈) */
	int deadline_statute_year; /* the first year so counted, 0 when none */
	const char *reason;
	const char *decided_by, *decided_at, *created_at, *updated_at;
	long version;
	/* What the user may do now, as the service said for this user;
	 * has_actions false: the service sent no list (older than actions). */
	const struct govdx_action *actions;
	size_t n_actions;
	bool has_actions;
};

/* One action of a kind: the transition's verb, which is also the command,
 * and its words.  Who may take it when, and whether its text is required,
 * is the service's (struct govdx_action on each case). */
struct case_action {
	const char *name;   /* "approve", "accept", ... */
	/* The words, in English (N_): shown through _() (case_past, ...). */
	const char *verb;   /* "Approve": prompts and questions */
	const char *past;   /* "approved", "accepted", ... */
	const char *word;   /* what the text is called: "reason" or "note" */
	const char *reader; /* who reads it, when not the kind's reader (NULL) */
};

/* A page of objects, moved out of the library's page (each malloc'd). */
struct case_page {
	void **items;
	size_t n;
	char *next_cursor;
};

struct case_call;
typedef void (*case_done_fn)(struct case_call *call, const struct govdx_error *err, void *obj);
typedef void (*case_page_fn)(struct case_call *call, const struct govdx_error *err,
                             struct case_page *page);

/* The head of a call record: the kind's callback calls done (get, create,
 * transition: obj is the object, or the current one of a 412, or NULL) or
 * page (list: page is NULL on error); either takes what it is given. */
struct case_call {
	case_done_fn done;
	case_page_fn page;
};

/* One labelled field of a case, for a kind's describe. */
typedef void (*case_field_fn)(void *arg, const char *label, const char *value);

/* Which department a queue's last column names. */
enum case_side { CASE_SIDE_PROVIDER, CASE_SIDE_OTHER, CASE_SIDE_AUTO };

struct case_kind {
	const char *name;    /* "request": audit subject prefix, event kind */
	const char *plural;  /* "requests": the queue command and view */
	/* label, other_label, reader and extra_head are English words (N_):
	 * shown through _().  name and plural are typed: never translated
	 * (noun says them in words). */
	const char *label;   /* "Request": titles */
	const char *id_prefix;   /* "REQ-" */
	const char *other_label; /* "Requester", "Raiser" */
	const char *reader;  /* who reads a reason: "the requester" */
	/* n of the kind in words, translated: "request", "requests". */
	const char *(*noun)(size_t n);
	const char *const *boxes;  /* NULL-terminated */
	const char *const *states; /* NULL-terminated */
	const struct case_action *actions;
	size_t n_actions;
	bool touches_entry;  /* its changes may change the entry (disputed) */
	/* The states whose arrival may change the entry (NULL-terminated; NULL:
	 * none): a live event into one is worth fetching even when no queue
	 * shows the case, so the entry's mark follows. */
	const char *const *entry_states;
	/* An extra queue column before the entry (0 wide: none). */
	const char *extra_head;
	int extra_w;
	const char *(*extra)(const void *obj);
	const char *(*default_box)(const char *role);
	enum case_side (*side)(const char *box);
	void (*info)(const void *obj, struct case_info *out);
	bool (*fits)(const void *obj, const char *box, const char *state, const char *department,
	             const char *role);
	bool by_entry; /* GET lists the cases against one entry */
	/* GET lists one provider department's overdue cases (the way in from
	 * the supervision figures: a department's overdue requests) */
	bool by_provider;
	void (*free)(void *obj);
	/* The fields only this kind has, in the detail's order: field is
	 * called with each label and value (NULL when the service sent none);
	 * the detail view makes them rows (view-case-fields.h). */
	void (*describe)(const void *obj, case_field_fn field, void *arg);
	/* The library calls; call->done or call->page runs once unless the
	 * call is cancelled.  list's entry (NULL: any) is given only to a kind
	 * whose by_entry is true: the service lists its cases by entry;
	 * overdue_of (NULL: any), a department code, only to a kind whose
	 * by_provider is true: then only the overdue cases it provides. */
	govdx_call_id (*list)(struct govdx_client *c, const char *box, const char *state,
	                      const char *entry, const char *overdue_of, const char *cursor,
	                      int limit, struct case_call *call);
	govdx_call_id (*get)(struct govdx_client *c, const char *id, struct case_call *call);
	govdx_call_id (*transition)(struct govdx_client *c, const char *id,
	                            const struct govdx_transition *t, struct case_call *call);
};

extern const struct case_kind case_kind_request;
extern const struct case_kind case_kind_objection;
extern const struct case_kind case_kind_revision;

/* The kind of an id by its prefix, of a name ("request", "requests",
 * "objection", "objections"); NULL if none. */
const struct case_kind *case_kind_of_id(const char *id);
const struct case_kind *case_kind_named(const char *name);
/* Every kind, NULL-terminated. */
const struct case_kind *const *case_kinds(void);

/* The action of a kind by name, or NULL. */
const struct case_action *case_action(const struct case_kind *k, const char *name);
/* Whether the console offers the action on obj: the service listed it in
 * the case's actions (for the user it answered).  The one place that
 * decides what is shown and offered — the hints, the detail's "Can be
 * done", a decision before its reason is typed, the rows a bulk decision
 * leaves out.  A case the service sent no list with (an older service)
 * offers every action of its kind, and the service decides. */
bool case_may(const struct case_kind *k, const void *obj, const char *action);
/* What the action's text needs on obj, as the service said: required,
 * optional or none; optional when the case or its list is not known (the
 * service refuses a blank required text with reason_required). */
enum govdx_reason_need case_need(const struct case_kind *k, const void *obj,
                                 const char *action);
/* Whether platform (a 6-digit code, or a department code whose first six
 * digits are its platform's) is in the subtree of the platform ancestor:
 * the ancestor's code without its trailing "00" pairs is a prefix of it
 * (national '', provincial PP, municipal PPCC, county PPCCXX). */
bool case_platform_under(const char *platform, const char *ancestor);
/* The past tense of an action of any kind ("approved"), translated, or the
 * name. */
const char *case_past(const char *action);
/* A state in words, translated ("approved": 已批准), or the state as the
 * service sent it when it is none the console knows. */
const char *case_state_label(const char *state);
/* A box's name in the user's language (the value itself is what is typed
 * and sent); an unknown box as it is. */
const char *case_box_label(const char *box);

/* Moves the n structs of size bytes at items (a library page's array)
 * into page as malloc'd objects, zeroing them in the array so the page
 * frees nothing of theirs; next_cursor is taken over the same way. */
void case_page_take(struct case_page *page, void *items, size_t n, size_t size,
                    char **next_cursor);

/* Queue order, as the service lists a box: what the user can act on first
 * (the case offers an action), then deadline (none last), then id; < 0, 0,
 * > 0 like strcmp. */
int case_order(const struct case_info *a, const struct case_info *b);

/* How near a case's deadline is: what the queues mark (the views give each
 * its theme role, view-case-fields.h). */
enum case_urgency {
	CASE_NO_DAYS,  /* no deadline, or no working days counted */
	CASE_IN_TIME,
	CASE_DUE_SOON, /* the service says so, or 2 working days or fewer */
	CASE_OVERDUE,  /* the service says so, or past the deadline */
};

/* Working days left as the queues show them: "3d", "-2d", "-" (none),
 * "≈12d" when the deadline is provisional (case_provisional_mark), with
 * how near it is (due soon, overdue). */
const char *case_days_left(const struct case_info *c, char *buf, size_t len,
                           enum case_urgency *urgency);

/* The mark before a provisional deadline or its days left ("≈"), or "". */
const char *case_provisional_mark(const struct case_info *c);

/* One line saying who changed a case and when, from the current object of
 * a 412: "approved by hebei-approver2 at 2025-11-20 10:02". */
void case_who(const struct case_info *c, char *buf, size_t len);

/* What happened to a case, in words, from the current object of a 412:
 * "hebei-approver approved it at 2025-11-20 10:02", or "it is now
 * withdrawn (changed at 2025-11-20 10:02)" when no decider did it. */
void case_what_happened(const struct case_info *c, char *buf, size_t len);

/* A service timestamp in Beijing time, the zone of every date the service
 * counts (deadlines, working days): "2025-11-20T02:02:33.123Z" and
 * "2025-11-20T10:02:33+08:00" both give "2025-11-20 10:02".  A text that is
 * no timestamp is shown as written (cut to 16 bytes). */
void case_short_time(const char *iso, char *buf, size_t len);

/* Objection kinds in words: "数据错误 incorrect". */
const char *case_objection_kind_label(enum govdx_objection_kind k);
/* ... and the Chinese alone ("数据错误"), for narrow columns. */
const char *case_objection_kind_short(enum govdx_objection_kind k);

#endif /* GOVDX_CASE_H */
