/*
 * Unit tests for libgovdx's objection answers (issue 4): an objection and
 * pages of them (Chinese text, every nullable field null or absent,
 * negative working days, the reopen window, unknown states and kinds kept
 * by name), wrong types and missing fields named in the error, the error
 * answer of an objection call (412 with the current objection, a
 * malformed current dropped), state and kind names both ways, and change
 * events of kind "objection".
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "client-test-util.h"
#include "govdx.h"

#define OBJ_HEAD \
	"\"id\":\"OBJ-000042\",\"entry_code\":\"130000008-310008-0001\"," \
	"\"entry_name\":\"社会组织统一社会信用代码信息\",\"provider_department\":\"130000008\"," \
	"\"provider_department_name\":\"河北省民政厅\",\"provider_platform\":\"130000\"," \
	"\"raiser_department\":\"130100002\",\"raiser_department_name\":\"石家庄市公安局\"," \
	"\"raiser_platform\":\"130100\",\"raiser_user\":\"hebei-official\","

/* verifying: every field set, Chinese everywhere text is free */
static const char objection_verifying[] =
	"{" OBJ_HEAD "\"state\":\"verifying\",\"item\":\"统一社会信用代码\","
	"\"record_key\":\"91130100MA0CXXXX1K\",\"kind\":\"incorrect\","
	"\"description\":\"统一社会信用代码与营业执照不一致，“登记机关”字段有误\","
	"\"evidence\":\"营业执照副本（2024年换发）第1页\",\"note\":null,"
	"\"reason\":\"已受理，转提供部门核实\",\"deadline\":\"2025-03-07\","
	"\"working_days_left\":1,\"due_soon\":true,\"overdue\":false,\"reopen_until\":null,"
	"\"created_at\":\"2025-02-28T09:00:00.000000Z\",\"updated_at\":\"2025-03-03T08:15:00Z\","
	"\"decided_by\":\"hebei-helpdesk\",\"decided_at\":\"2025-03-03T08:15:00Z\","
	"\"version\":2,\"extra\":{\"ignored\":true}}";

/* raised: the nullable fields null */
static const char objection_raised[] =
	"{" OBJ_HEAD "\"state\":\"raised\",\"item\":null,\"record_key\":null,\"kind\":\"outdated\","
	"\"description\":\"数据已两年未更新\",\"evidence\":null,\"note\":null,\"reason\":null,"
	"\"deadline\":null,\"working_days_left\":null,\"due_soon\":false,\"overdue\":false,"
	"\"reopen_until\":null,\"created_at\":\"2025-02-28T09:00:00Z\","
	"\"updated_at\":\"2025-02-28T09:00:00Z\",\"decided_by\":null,\"decided_at\":null,"
	"\"version\":1}";

/* corrected: the provider's note and the reopen window */
static const char objection_corrected[] =
	"{" OBJ_HEAD "\"state\":\"corrected\",\"item\":\"社会组织名称\",\"record_key\":null,"
	"\"kind\":\"inconsistent\",\"description\":\"名称与民政部数据不一致\",\"evidence\":null,"
	"\"note\":\"已按登记证书更正名称\",\"reason\":\"已按登记证书更正名称\","
	"\"deadline\":null,\"working_days_left\":null,\"due_soon\":false,\"overdue\":false,"
	"\"reopen_until\":\"2025-03-21\",\"created_at\":\"2025-02-28T09:00:00Z\","
	"\"updated_at\":\"2025-03-07T16:00:00Z\",\"decided_by\":\"hebei-approver\","
	"\"decided_at\":\"2025-03-07T16:00:00Z\",\"version\":3}";

static void test_objection_verifying(void **state)
{
	struct govdx_objection *o = NULL;
	struct govdx_error err;

	assert_int_equal(govdx_parse_objection(objection_verifying, LEN(objection_verifying), &o,
	                                       &err), 0);
	assert_string_equal(o->id, "OBJ-000042");
	assert_int_equal(o->state, GOVDX_OBJECTION_VERIFYING);
	assert_string_equal(o->state_name, "verifying");
	assert_string_equal(o->entry_code, "130000008-310008-0001");
	assert_string_equal(o->entry_name, "社会组织统一社会信用代码信息");
	assert_string_equal(o->item, "统一社会信用代码");
	assert_string_equal(o->record_key, "91130100MA0CXXXX1K");
	assert_int_equal(o->kind, GOVDX_OBJECTION_INCORRECT);
	assert_string_equal(o->kind_name, "incorrect");
	assert_string_equal(o->description, "统一社会信用代码与营业执照不一致，“登记机关”字段有误");
	assert_string_equal(o->evidence, "营业执照副本（2024年换发）第1页");
	assert_string_equal(o->provider_department, "130000008");
	assert_string_equal(o->provider_department_name, "河北省民政厅");
	assert_string_equal(o->provider_platform, "130000");
	assert_string_equal(o->raiser_department, "130100002");
	assert_string_equal(o->raiser_department_name, "石家庄市公安局");
	assert_string_equal(o->raiser_platform, "130100");
	assert_string_equal(o->raiser_user, "hebei-official");
	assert_null(o->note);
	assert_string_equal(o->reason, "已受理，转提供部门核实");
	assert_true(o->has_deadline);
	assert_string_equal(o->deadline, "2025-03-07");
	assert_int_equal(o->working_days_left, 1);
	assert_true(o->due_soon);
	assert_false(o->overdue);
	assert_string_equal(o->reopen_until, "");
	assert_string_equal(o->created_at, "2025-02-28T09:00:00.000000Z");
	assert_string_equal(o->updated_at, "2025-03-03T08:15:00Z");
	assert_string_equal(o->decided_by, "hebei-helpdesk");
	assert_string_equal(o->decided_at, "2025-03-03T08:15:00Z");
	assert_int_equal(o->version, 2);
	govdx_objection_free(o);
}

static void test_objection_nulls(void **state)
{
	struct govdx_objection *o = NULL;
	struct govdx_error err;

	assert_int_equal(govdx_parse_objection(objection_raised, LEN(objection_raised), &o, &err),
	                 0);
	assert_int_equal(o->state, GOVDX_OBJECTION_RAISED);
	assert_int_equal(o->kind, GOVDX_OBJECTION_OUTDATED);
	assert_null(o->item);
	assert_null(o->record_key);
	assert_null(o->evidence);
	assert_null(o->note);
	assert_null(o->reason);
	assert_false(o->has_deadline);
	assert_string_equal(o->deadline, "");
	assert_int_equal(o->working_days_left, GOVDX_NO_DAYS_LEFT);
	assert_string_equal(o->reopen_until, "");
	assert_null(o->decided_by);
	assert_null(o->decided_at);
	assert_int_equal(o->version, 1);
	govdx_objection_free(o);
}

static void test_objection_note_and_reopen_window(void **state)
{
	struct govdx_objection *o = NULL;
	struct govdx_error err;

	assert_int_equal(govdx_parse_objection(objection_corrected, LEN(objection_corrected), &o,
	                                       &err), 0);
	assert_int_equal(o->state, GOVDX_OBJECTION_CORRECTED);
	assert_int_equal(o->kind, GOVDX_OBJECTION_INCONSISTENT);
	assert_string_equal(o->item, "社会组织名称");
	assert_string_equal(o->note, "已按登记证书更正名称");
	assert_string_equal(o->reopen_until, "2025-03-21");
	assert_false(o->has_deadline);
	assert_string_equal(o->decided_by, "hebei-approver");
	govdx_objection_free(o);
}

static void test_objection_absent_nullables_unknown_names(void **state)
{
	/* every nullable field absent; a state and a kind of a newer service */
	static const char body[] =
		"{" OBJ_HEAD "\"state\":\"escalated\",\"kind\":\"duplicate\",\"description\":\"重复\","
		"\"deadline\":\"2025-01-10\",\"working_days_left\":-4,\"due_soon\":false,"
		"\"overdue\":true,\"created_at\":\"x\",\"updated_at\":\"y\",\"version\":7}";
	struct govdx_objection *o = NULL;
	struct govdx_error err;

	assert_int_equal(govdx_parse_objection(body, LEN(body), &o, &err), 0);
	assert_int_equal(o->state, GOVDX_OBJECTION_UNKNOWN);
	assert_string_equal(o->state_name, "escalated");
	assert_int_equal(o->kind, GOVDX_OBJECTION_KIND_UNKNOWN);
	assert_string_equal(o->kind_name, "duplicate");
	assert_int_equal(o->working_days_left, -4);
	assert_true(o->overdue);
	assert_null(o->item);
	assert_null(o->record_key);
	assert_null(o->evidence);
	assert_null(o->note);
	assert_null(o->reason);
	assert_string_equal(o->reopen_until, "");
	assert_null(o->decided_by);
	govdx_objection_free(o);
}

static void test_objection_page(void **state)
{
	static const char empty[] = "{\"items\":[],\"next_cursor\":null}";
	char body[8192];
	struct govdx_objection_page *p = NULL;
	struct govdx_error err;

	snprintf(body, sizeof body, "{\"items\":[%s,%s,%s],\"next_cursor\":\"OBJ-000042|2025\"}",
	         objection_verifying, objection_raised, objection_corrected);
	assert_int_equal(govdx_parse_objection_page(body, LEN(body), &p, &err), 0);
	assert_int_equal(p->n, 3);
	assert_int_equal(p->items[0].state, GOVDX_OBJECTION_VERIFYING);
	assert_int_equal(p->items[1].state, GOVDX_OBJECTION_RAISED);
	assert_null(p->items[1].item);
	assert_int_equal(p->items[2].state, GOVDX_OBJECTION_CORRECTED);
	assert_string_equal(p->items[2].note, "已按登记证书更正名称");
	assert_string_equal(p->next_cursor, "OBJ-000042|2025");
	govdx_objection_page_free(p);

	assert_int_equal(govdx_parse_objection_page(empty, LEN(empty), &p, &err), 0);
	assert_int_equal(p->n, 0);
	assert_null(p->items);
	assert_null(p->next_cursor);
	govdx_objection_page_free(p);
}

static void expect_objection_malformed(const char *from, const char *to, const char *mention)
{
	struct govdx_objection *o = (struct govdx_objection *)1;
	struct govdx_error err;
	char *body = util_replace_once(objection_verifying, from, to);

	assert_int_equal(govdx_parse_objection(body, LEN(body), &o, &err), -1);
	assert_null(o);
	util_expect_malformed(&err, mention);
	free(body);
}

static void test_objection_wrong_types(void **state)
{
	expect_objection_malformed("\"id\":\"OBJ-000042\"", "\"id\":42", "id is an integer");
	expect_objection_malformed("\"state\":\"verifying\"", "\"state\":[]", "state is an array");
	expect_objection_malformed("\"kind\":\"incorrect\"", "\"kind\":1", "kind is an integer");
	expect_objection_malformed("\"item\":\"统一社会信用代码\"", "\"item\":[\"a\"]",
	                           "item is an array");
	expect_objection_malformed("\"record_key\":\"91130100MA0CXXXX1K\"", "\"record_key\":7",
	                           "record_key is an integer");
	expect_objection_malformed("\"description\":\"统一", "\"description\":{},\"d\":\"",
	                           "description is an object");
	expect_objection_malformed("\"evidence\":\"营业", "\"evidence\":true,\"e\":\"",
	                           "evidence is a boolean");
	expect_objection_malformed("\"note\":null", "\"note\":3", "note is an integer");
	expect_objection_malformed("\"reason\":\"已受理", "\"reason\":1,\"r\":\"",
	                           "reason is an integer");
	expect_objection_malformed("\"deadline\":\"2025-03-07\"", "\"deadline\":\"07/03/2025\"",
	                           "deadline is not a date");
	expect_objection_malformed("\"working_days_left\":1", "\"working_days_left\":1.5",
	                           "working_days_left is a fractional number");
	expect_objection_malformed("\"due_soon\":true", "\"due_soon\":\"true\"",
	                           "due_soon is a string");
	expect_objection_malformed("\"overdue\":false", "\"overdue\":null", "overdue is null");
	expect_objection_malformed("\"reopen_until\":null", "\"reopen_until\":\"soon\"",
	                           "reopen_until is not a date");
	expect_objection_malformed("\"reopen_until\":null", "\"reopen_until\":20250321",
	                           "reopen_until is an integer");
	expect_objection_malformed("\"raiser_platform\":\"130100\"",
	                           "\"raiser_platform\":\"1301000000000\"", "raiser_platform");
	expect_objection_malformed("\"provider_platform\":\"130000\"", "\"provider_platform\":130000",
	                           "provider_platform is an integer");
	expect_objection_malformed("\"raiser_user\":\"hebei-official\"", "\"raiser_user\":null",
	                           "raiser_user is null");
	expect_objection_malformed("\"decided_by\":\"hebei-helpdesk\"", "\"decided_by\":false",
	                           "decided_by is a boolean");
	expect_objection_malformed("\"version\":2", "\"version\":\"2\"", "version is a string");
}

static void test_objection_missing_fields(void **state)
{
	expect_objection_malformed("\"kind\":", "\"sort\":", "kind is missing");
	expect_objection_malformed("\"description\":", "\"desc\":", "description is missing");
	expect_objection_malformed("\"raiser_department\":", "\"raiser_dept\":",
	                           "raiser_department is missing");
	expect_objection_malformed("\"entry_name\":", "\"entry_nom\":", "entry_name is missing");
	expect_objection_malformed("\"due_soon\":true,", "", "due_soon is missing");
	expect_objection_malformed("\"version\":2,", "", "version is missing");
}

static void test_objection_page_item_named(void **state)
{
	static const char not_objects[] = "{\"items\":[1],\"next_cursor\":null}";
	char body[8192];
	struct govdx_objection_page *p = (struct govdx_objection_page *)1;
	struct govdx_error err;
	char *bad = util_replace_once(objection_raised, "\"kind\":\"outdated\"", "\"kind\":null");

	snprintf(body, sizeof body, "{\"items\":[%s,%s],\"next_cursor\":\"c\"}",
	         objection_verifying, bad);
	assert_int_equal(govdx_parse_objection_page(body, LEN(body), &p, &err), -1);
	assert_null(p);
	util_expect_malformed(&err, "items[1].kind is null");
	free(bad);

	assert_int_equal(govdx_parse_objection_page("{\"items\":[]}", 12, &p, &err), -1);
	util_expect_malformed(&err, "next_cursor is missing");
	assert_int_equal(govdx_parse_objection_page(not_objects, LEN(not_objects), &p, &err), -1);
	util_expect_malformed(&err, "items[0] is not an object");
	assert_int_equal(govdx_parse_objection(objection_raised, 10, (struct govdx_objection **)&p,
	                                       &err), -1);
	assert_int_equal(err.kind, GOVDX_ERR_PROTOCOL);
}

/* ---- error answers of objection calls ------------------------------------- */

static void test_412_current(void **state)
{
	char body[8192];
	struct govdx_objection *cur = NULL;
	struct govdx_error err;

	snprintf(body, sizeof body,
	         "{\"error\":{\"code\":\"precondition_failed\",\"message\":\"异议已被他人处理\","
	         "\"details\":{\"current\":%s}}}",
	         objection_corrected);
	assert_int_equal(govdx_parse_objection_error(412, body, LEN(body), &err, &cur), 0);
	assert_int_equal(err.kind, GOVDX_ERR_HTTP);
	assert_int_equal(err.http_status, 412);
	assert_string_equal(err.code, "precondition_failed");
	assert_non_null(cur);
	assert_int_equal(cur->state, GOVDX_OBJECTION_CORRECTED);
	assert_string_equal(cur->note, "已按登记证书更正名称");
	assert_string_equal(cur->decided_by, "hebei-approver");
	assert_int_equal(cur->version, 3);
	assert_non_null(strstr(err.message, "异议已被他人处理"));
	assert_non_null(strstr(err.message, "corrected by hebei-approver"));
	govdx_objection_free(cur);

	/* without a decider the message says when it changed */
	snprintf(body, sizeof body,
	         "{\"error\":{\"code\":\"precondition_failed\",\"message\":\"stale\","
	         "\"details\":{\"current\":%s}}}",
	         objection_raised);
	assert_int_equal(govdx_parse_objection_error(412, body, LEN(body), &err, &cur), 0);
	assert_non_null(cur);
	assert_string_equal(err.message, "stale (now raised, changed at 2025-02-28T09:00:00Z)");
	govdx_objection_free(cur);

	/* the caller may not want the current object */
	assert_int_equal(govdx_parse_objection_error(412, body, LEN(body), &err, NULL), 0);
	assert_string_equal(err.code, "precondition_failed");
}

static void test_412_bad_current_and_other_statuses(void **state)
{
	static const char bad[] =
		"{\"error\":{\"code\":\"precondition_failed\",\"message\":\"stale\","
		"\"details\":{\"current\":{\"id\":\"OBJ-1\",\"state\":\"raised\"}}}}";
	static const char reopen[] =
		"{\"error\":{\"code\":\"reopen_window_closed\",\"message\":\"the reopen window closed\","
		"\"details\":{\"state\":\"closed\"}}}";
	static const char illegal[] =
		"{\"error\":{\"code\":\"illegal_transition\",\"message\":\"cannot correct\","
		"\"details\":{\"state\":\"raised\"}}}";
	struct govdx_objection *cur = (struct govdx_objection *)1;
	struct govdx_error err;

	assert_int_equal(govdx_parse_objection_error(412, bad, LEN(bad), &err, &cur), 0);
	assert_null(cur);
	assert_string_equal(err.message, "stale");

	cur = (struct govdx_objection *)1;
	assert_int_equal(govdx_parse_objection_error(409, reopen, LEN(reopen), &err, &cur), 0);
	assert_null(cur);
	assert_int_equal(err.http_status, 409);
	assert_string_equal(err.code, "reopen_window_closed");
	assert_int_equal(govdx_parse_objection_error(409, illegal, LEN(illegal), &err, &cur), 0);
	assert_string_equal(err.message, "cannot correct (state: raised)");

	cur = (struct govdx_objection *)1;
	assert_int_equal(govdx_parse_objection_error(404, "", 0, &err, &cur), -1);
	assert_null(cur);
	assert_string_equal(err.code, "not_found");
}

/* ---- names, events -------------------------------------------------------- */

static void test_state_and_kind_names(void **state)
{
	static const char *const states[] = {"raised",    "verifying", "dismissed",
	                                     "corrected", "upheld",    "closed"};
	static const char *const kinds[] = {"incorrect", "incomplete", "outdated", "inconsistent",
	                                    "other"};
	size_t i;

	for (i = 0; i < sizeof states / sizeof states[0]; i++) {
		enum govdx_objection_state s = govdx_objection_state_from(states[i]);

		assert_int_not_equal(s, GOVDX_OBJECTION_UNKNOWN);
		assert_string_equal(govdx_objection_state_name(s), states[i]);
	}
	for (i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
		enum govdx_objection_kind k = govdx_objection_kind_from(kinds[i]);

		assert_int_not_equal(k, GOVDX_OBJECTION_KIND_UNKNOWN);
		assert_string_equal(govdx_objection_kind_name(k), kinds[i]);
	}
	assert_int_equal(govdx_objection_state_from(NULL), GOVDX_OBJECTION_UNKNOWN);
	assert_int_equal(govdx_objection_state_from("unknown"), GOVDX_OBJECTION_UNKNOWN);
	assert_int_equal(govdx_objection_state_from("Raised"), GOVDX_OBJECTION_UNKNOWN);
	assert_int_equal(govdx_objection_kind_from("pending"), GOVDX_OBJECTION_KIND_UNKNOWN);
	assert_string_equal(govdx_objection_state_name((enum govdx_objection_state)77), "unknown");
	assert_string_equal(govdx_objection_state_name((enum govdx_objection_state)-1), "unknown");
	assert_string_equal(govdx_objection_kind_name((enum govdx_objection_kind)6), "unknown");
	assert_string_equal(govdx_objection_kind_name(GOVDX_OBJECTION_KIND_UNKNOWN), "unknown");
	/* the request names did not move */
	assert_string_equal(govdx_request_state_name(GOVDX_REQUEST_CLOSED), "closed");
	assert_int_equal(govdx_request_state_from("coordinating"), GOVDX_REQUEST_COORDINATING);
	govdx_objection_free(NULL);
	govdx_objection_page_free(NULL);
}

static void test_objection_events(void **state)
{
	static const char batch[] =
		"{\"items\":[{\"seq\":90,\"at\":\"2025-03-03T08:15:00Z\",\"kind\":\"objection\","
		"\"id\":\"OBJ-000042\",\"action\":\"accept\",\"state\":\"verifying\"},"
		"{\"seq\":91,\"at\":\"2025-03-03T08:16:00Z\",\"kind\":\"request\","
		"\"id\":\"REQ-000007\",\"action\":\"approve\",\"state\":\"approved\"}],\"last_seq\":91}";
	struct govdx_event_batch *b = NULL;
	struct govdx_error err;

	assert_int_equal(govdx_parse_event_batch(batch, LEN(batch), &b, &err), 0);
	assert_int_equal(b->n, 2);
	assert_string_equal(b->items[0].kind, "objection");
	assert_string_equal(b->items[0].id, "OBJ-000042");
	assert_string_equal(b->items[0].action, "accept");
	assert_int_equal(govdx_objection_state_from(b->items[0].state), GOVDX_OBJECTION_VERIFYING);
	assert_string_equal(b->items[1].kind, "request");
	assert_int_equal(b->last_seq, 91);
	govdx_event_batch_free(b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_objection_verifying),
		cmocka_unit_test(test_objection_nulls),
		cmocka_unit_test(test_objection_note_and_reopen_window),
		cmocka_unit_test(test_objection_absent_nullables_unknown_names),
		cmocka_unit_test(test_objection_page),
		cmocka_unit_test(test_objection_wrong_types),
		cmocka_unit_test(test_objection_missing_fields),
		cmocka_unit_test(test_objection_page_item_named),
		cmocka_unit_test(test_412_current),
		cmocka_unit_test(test_412_bad_current_and_other_statuses),
		cmocka_unit_test(test_state_and_kind_names),
		cmocka_unit_test(test_objection_events),
	};

	return cmocka_run_group_tests_name("client-objections", tests, NULL, NULL);
}
