/*
 * Unit tests for libgovdx's revision answers (issue 15): a revision with
 * every field (Chinese text, items with shared flags, related codes), a
 * draft of a new entry whose fields are mostly null, pages, an unknown
 * state kept by name, wrong types named in the error, the 412 with the
 * current revision, the 422 whose details.parameter names the field, an
 * entry's published revisions, differences (text, items added, removed
 * and changed), the entry's new fields (revision, publisher, retired),
 * and the field names both ways.
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

#define FIELDS \
	"\"fields\":{\"name\":\"婚姻登记信息\",\"classification\":\"3-10-102-01\"," \
	"\"abstract\":\"全省婚姻登记记录\",\"format\":\"数据库\"," \
	"\"items\":[{\"name\":\"姓名\",\"data_type\":\"字符型C\",\"length\":50,\"shared\":true}," \
	"{\"name\":\"登记日期\",\"data_type\":\"日期型D\",\"length\":null,\"shared\":false}]," \
	"\"sharing_type\":\"conditional\",\"sharing_condition\":\"仅限婚姻状况核验\"," \
	"\"sharing_method\":\"api\",\"basis\":\"《婚姻登记条例》\",\"open_attribute\":\"closed\"," \
	"\"open_condition\":null,\"update_cycle\":\"每日\"," \
	"\"related\":[\"130000008-310102-0001\",\"130000008-310102-0002\"]}"

static const char revision_submitted[] =
	"{\"id\":\"REV-000007\",\"entry_code\":\"130000008-310102-0008\",\"number\":null,"
	"\"base\":1,\"state\":\"submitted\",\"department_code\":\"130000008\","
	"\"department_name\":\"河北省民政厅\",\"platform_code\":\"130000\"," FIELDS ","
	"\"reason\":null,\"objection\":\"OBJ-000003\",\"created_by\":\"hebei-cataloguer\","
	"\"created_at\":\"2026-03-02T09:00:00Z\",\"updated_at\":\"2026-03-02T10:00:00Z\","
	"\"submitted_at\":\"2026-03-02T10:00:00Z\",\"deadline\":\"2026-03-09\","
	"\"working_days_left\":-1,\"overdue\":true,\"decided_by\":null,\"decided_at\":null,"
	"\"version\":3,\"actions\":[{\"name\":\"publish\",\"reason\":\"optional\"},"
	"{\"name\":\"return\",\"reason\":\"required\"}]}";

/* a new entry's draft: no code, fields mostly null, no deadline flags */
static const char revision_new[] =
	"{\"id\":\"REV-000008\",\"entry_code\":null,\"number\":null,\"base\":null,"
	"\"state\":\"draft\",\"department_code\":\"130000008\",\"department_name\":\"河北省民政厅\","
	"\"platform_code\":\"130000\",\"fields\":{\"name\":\"新目录\",\"items\":[],"
	"\"related\":[]},\"reason\":null,\"objection\":null,\"created_by\":\"hebei-cataloguer\","
	"\"created_at\":\"2026-03-02T09:00:00Z\",\"updated_at\":\"2026-03-02T09:00:00Z\","
	"\"submitted_at\":null,\"deadline\":null,\"working_days_left\":null,"
	"\"decided_by\":null,\"decided_at\":null,\"version\":1,"
	"\"actions\":[{\"name\":\"submit\",\"reason\":\"none\"}]}";

static void test_revision_full(void **state)
{
	struct govdx_revision *r = NULL;
	struct govdx_error err;

	(void)state;
	assert_int_equal(govdx_parse_revision(revision_submitted, LEN(revision_submitted), &r,
	                                      &err), 0);
	assert_string_equal(r->id, "REV-000007");
	assert_int_equal(r->state, GOVDX_REVISION_SUBMITTED);
	assert_string_equal(r->entry_code, "130000008-310102-0008");
	assert_int_equal(r->number, 0);
	assert_int_equal(r->base, 1);
	assert_string_equal(r->department_name, "河北省民政厅");
	assert_string_equal(r->platform_code, "130000");
	assert_string_equal(r->fields.name, "婚姻登记信息");
	assert_string_equal(r->fields.classification, "3-10-102-01");
	assert_int_equal(r->fields.n_items, 2);
	assert_string_equal(r->fields.items[0].type, "字符型C");
	assert_int_equal(r->fields.items[0].length, 50);
	assert_true(r->fields.items[0].shared);
	assert_int_equal(r->fields.items[1].length, 0);
	assert_false(r->fields.items[1].shared);
	assert_string_equal(r->fields.sharing_condition, "仅限婚姻状况核验");
	assert_null(r->fields.open_condition);
	assert_int_equal(r->fields.n_related, 2);
	assert_string_equal(r->fields.related[1], "130000008-310102-0002");
	assert_string_equal(r->objection, "OBJ-000003");
	assert_string_equal(r->created_by, "hebei-cataloguer");
	assert_true(r->has_deadline);
	assert_string_equal(r->deadline, "2026-03-09");
	assert_int_equal(r->working_days_left, -1);
	assert_true(r->overdue);
	assert_false(r->due_soon);
	assert_int_equal(r->version, 3);
	assert_true(r->has_actions);
	assert_int_equal(r->n_actions, 2);
	assert_string_equal(r->actions[1].name, "return");
	assert_int_equal(r->actions[1].reason, GOVDX_REASON_REQUIRED);
	govdx_revision_free(r);
}

static void test_revision_new_entry(void **state)
{
	struct govdx_revision *r = NULL;
	struct govdx_error err;

	(void)state;
	assert_int_equal(govdx_parse_revision(revision_new, LEN(revision_new), &r, &err), 0);
	assert_null(r->entry_code);
	assert_int_equal(r->base, 0);
	assert_int_equal(r->state, GOVDX_REVISION_DRAFT);
	assert_string_equal(r->fields.name, "新目录");
	assert_null(r->fields.abstract);
	assert_int_equal(r->fields.n_items, 0);
	assert_null(r->fields.items);
	assert_int_equal(r->working_days_left, GOVDX_NO_DAYS_LEFT);
	assert_false(r->has_deadline);
	assert_null(r->submitted_at);
	govdx_revision_free(r);
}

static void test_revision_unknown_state_and_bad_fields(void **state)
{
	struct govdx_revision *r = NULL;
	struct govdx_error err;
	char *bad;

	(void)state;
	bad = util_replace_once(revision_new, "\"draft\"", "\"archived\"");
	assert_int_equal(govdx_parse_revision(bad, LEN(bad), &r, &err), 0);
	assert_int_equal(r->state, GOVDX_REVISION_UNKNOWN);
	assert_string_equal(r->state_name, "archived");
	govdx_revision_free(r);
	free(bad);

	bad = util_replace_once(revision_submitted, "\"length\":50", "\"length\":\"50\"");
	assert_int_equal(govdx_parse_revision(bad, LEN(bad), &r, &err), -1);
	assert_null(r);
	util_expect_malformed(&err, "fields.items[0].length");
	free(bad);

	bad = util_replace_once(revision_submitted, "\"shared\":true", "\"shared\":1");
	assert_int_equal(govdx_parse_revision(bad, LEN(bad), &r, &err), -1);
	util_expect_malformed(&err, "fields.items[0].shared");
	free(bad);

	bad = util_replace_once(revision_new, "\"fields\":{", "\"fieldz\":{");
	assert_int_equal(govdx_parse_revision(bad, LEN(bad), &r, &err), -1);
	util_expect_malformed(&err, "fields");
	free(bad);

	bad = util_replace_once(revision_new, "\"related\":[]", "\"related\":[7]");
	assert_int_equal(govdx_parse_revision(bad, LEN(bad), &r, &err), -1);
	util_expect_malformed(&err, "fields.related[0]");
	free(bad);
}

static void test_revision_page(void **state)
{
	struct govdx_revision_page *p = NULL;
	struct govdx_error err;
	char body[8192];

	(void)state;
	snprintf(body, sizeof body, "{\"items\":[%s,%s],\"next_cursor\":\"c2\"}",
	         revision_submitted, revision_new);
	assert_int_equal(govdx_parse_revision_page(body, strlen(body), &p, &err), 0);
	assert_int_equal(p->n, 2);
	assert_string_equal(p->items[1].id, "REV-000008");
	assert_string_equal(p->next_cursor, "c2");
	govdx_revision_page_free(p);

	snprintf(body, sizeof body, "{\"items\":[%s,{\"id\":5}],\"next_cursor\":null}",
	         revision_new);
	assert_int_equal(govdx_parse_revision_page(body, strlen(body), &p, &err), -1);
	assert_null(p);
	util_expect_malformed(&err, "items[1].id");
}

static void test_revision_errors(void **state)
{
	struct govdx_revision *cur = NULL;
	struct govdx_error err;
	char body[8192];
	static const char refused[] =
		"{\"error\":{\"code\":\"invalid_parameter\",\"message\":\"a basis is required for "
		"conditional sharing\",\"details\":{\"parameter\":\"fields.basis\"}}}";
	static const char illegal[] =
		"{\"error\":{\"code\":\"illegal_transition\",\"message\":\"no\"}}";

	(void)state;
	snprintf(body, sizeof body,
	         "{\"error\":{\"code\":\"precondition_failed\",\"message\":\"the revision has "
	         "changed\",\"details\":{\"current\":%s}}}",
	         revision_submitted);
	assert_int_equal(govdx_parse_revision_error(412, body, strlen(body), &err, &cur), 0);
	assert_non_null(cur);
	assert_string_equal(cur->id, "REV-000007");
	assert_int_equal(cur->version, 3);
	assert_non_null(strstr(err.message, "submitted"));
	govdx_revision_free(cur);

	assert_int_equal(govdx_parse_revision_error(422, refused, LEN(refused), &err, &cur), 0);
	assert_null(cur);
	assert_string_equal(err.code, "invalid_parameter");
	assert_string_equal(err.parameter, "fields.basis");
	assert_int_equal(govdx_field_from(err.parameter), GOVDX_FIELD_BASIS);
	assert_non_null(strstr(err.message, "(parameter: fields.basis)"));

	/* no details: no parameter left over from before */
	assert_int_equal(govdx_parse_error(409, illegal, LEN(illegal), &err), 0);
	assert_string_equal(err.parameter, "");
}

static void test_entry_revisions(void **state)
{
	static const char page[] =
		"{\"items\":[{\"number\":2,\"revision\":\"REV-000007\",\"published_at\":"
		"\"2026-03-03T08:00:00Z\",\"published_by\":\"hebei-authority\",\"name\":\"婚姻登记信息\"},"
		"{\"number\":1,\"revision\":null,\"published_at\":null,\"published_by\":null,"
		"\"name\":\"婚姻登记\"}],\"next_cursor\":null}";
	static const char one[] =
		"{\"number\":2,\"id\":\"REV-000007\",\"published_at\":\"2026-03-03T08:00:00Z\","
		"\"published_by\":\"hebei-authority\"," FIELDS "}";
	struct govdx_entry_revision_page *p = NULL;
	struct govdx_entry_revision *r = NULL;
	struct govdx_error err;
	char *bad;

	(void)state;
	assert_int_equal(govdx_parse_entry_revision_page(page, LEN(page), &p, &err), 0);
	assert_int_equal(p->n, 2);
	assert_int_equal(p->items[0].number, 2);
	assert_string_equal(p->items[0].published_by, "hebei-authority");
	assert_false(p->items[0].has_fields);
	assert_string_equal(p->items[1].name, "婚姻登记");
	assert_null(p->items[1].published_at);
	assert_null(p->next_cursor);
	govdx_entry_revision_page_free(p);

	assert_int_equal(govdx_parse_entry_revision(one, LEN(one), &r, &err), 0);
	assert_true(r->has_fields);
	assert_string_equal(r->name, "婚姻登记信息");
	assert_int_equal(r->fields.n_items, 2);
	govdx_entry_revision_free(r);

	bad = util_replace_once(page, "\"number\":1", "\"number\":\"1\"");
	assert_int_equal(govdx_parse_entry_revision_page(bad, LEN(bad), &p, &err), -1);
	util_expect_malformed(&err, "items[1].number");
	free(bad);
}

static void test_diff(void **state)
{
	static const char diff[] =
		"{\"from\":1,\"to\":\"REV-000007\",\"fields\":["
		"{\"field\":\"abstract\",\"before\":\"旧摘要\",\"after\":\"新摘要\"},"
		"{\"field\":\"basis\",\"before\":null,\"after\":\"《婚姻登记条例》\"},"
		"{\"field\":\"related\",\"before\":[\"A\"],\"after\":[\"A\",\"B\"]}],"
		"\"items\":{\"added\":[{\"name\":\"身份证号\",\"data_type\":\"字符型C\",\"length\":18,"
		"\"shared\":true}],\"removed\":[],\"changed\":[{\"name\":\"姓名\","
		"\"before\":{\"name\":\"姓名\",\"type\":\"字符型C\",\"length\":30,\"shared\":true},"
		"\"after\":{\"name\":\"姓名\",\"type\":\"字符型C\",\"length\":50}}]},"
		"\"related\":{\"added\":[\"130000008-310008-0001\"],\"removed\":[]}}";
	struct govdx_diff *d = NULL;
	struct govdx_error err;
	char *bad;

	(void)state;
	assert_int_equal(govdx_parse_diff(diff, LEN(diff), &d, &err), 0);
	assert_int_equal(d->from, 1);
	assert_string_equal(d->to, "REV-000007");
	assert_int_equal(d->n_fields, 3);
	assert_string_equal(d->fields[0].before, "旧摘要");
	assert_null(d->fields[1].before);
	assert_string_equal(d->fields[2].after, "A, B");
	assert_int_equal(d->n_added, 1);
	assert_string_equal(d->added[0].name, "身份证号");
	assert_int_equal(d->n_removed, 0);
	assert_int_equal(d->n_changed, 1);
	assert_int_equal(d->changed[0].before.length, 30);
	assert_int_equal(d->changed[0].after.length, 50);
	assert_true(d->changed[0].after.shared); /* left out: shared */
	assert_int_equal(d->n_related_added, 1);
	assert_string_equal(d->related_added[0], "130000008-310008-0001");
	assert_int_equal(d->n_related_removed, 0);
	govdx_diff_free(d);

	bad = util_replace_once(diff, "\"to\":\"REV-000007\"", "\"to\":2");
	assert_int_equal(govdx_parse_diff(bad, LEN(bad), &d, &err), 0);
	assert_string_equal(d->to, "2");
	govdx_diff_free(d);
	free(bad);

	bad = util_replace_once(diff, "\"after\":{\"name\":\"姓名\",", "\"after\":{");
	assert_int_equal(govdx_parse_diff(bad, LEN(bad), &d, &err), -1);
	assert_null(d);
	util_expect_malformed(&err, "items.changed[0].after.name");
	free(bad);
}

static void test_entry_maintenance_fields(void **state)
{
	static const char entry[] =
		"{\"code\":\"130000008-310102-0008\",\"name\":\"婚姻登记信息\","
		"\"department_code\":\"130000008\",\"department_name\":\"河北省民政厅\","
		"\"platform_code\":\"130000\",\"sharing_type\":\"conditional\","
		"\"open_attribute\":\"closed\",\"update_cycle\":\"每日\",\"disputed\":false,"
		"\"classification\":\"3-10-102-01\",\"classification_name\":\"民政\","
		"\"platform_name\":\"河北省\",\"abstract\":\"a\",\"format\":\"数据库\","
		"\"sharing_condition\":null,\"sharing_method\":\"api\",\"basis\":null,"
		"\"release_date\":\"2025-01-01\",\"open_condition\":null,\"items\":[],\"related\":[],"
		"\"status\":\"retired\",\"revision\":3,\"published_at\":\"2026-03-03T08:00:00Z\","
		"\"published_by\":\"hebei-authority\",\"retired_at\":\"2026-03-04T08:00:00Z\","
		"\"retired_reason\":\"数据已停止采集\",\"version\":5,"
		"\"actions\":[{\"name\":\"revise\",\"reason\":\"none\"}]}";
	struct govdx_entry *e = NULL;
	struct govdx_error err;
	char *old;

	(void)state;
	assert_int_equal(govdx_parse_entry(entry, LEN(entry), &e, &err), 0);
	assert_true(e->retired);
	assert_int_equal(e->revision, 3);
	assert_string_equal(e->published_by, "hebei-authority");
	assert_string_equal(e->retired_reason, "数据已停止采集");
	assert_int_equal(e->version, 5);
	assert_int_equal(e->n_actions, 1);
	assert_string_equal(e->actions[0].name, "revise");
	govdx_entry_free(e);

	/* an older service: none of it */
	old = util_replace_once(entry, ",\"status\":\"retired\"", "");
	assert_int_equal(govdx_parse_entry(old, LEN(old), &e, &err), 0);
	assert_false(e->retired);
	assert_null(e->status_name);
	govdx_entry_free(e);
	free(old);

	old = util_replace_once(entry, "\"revision\":3", "\"revision\":\"3\"");
	assert_int_equal(govdx_parse_entry(old, LEN(old), &e, &err), -1);
	util_expect_malformed(&err, "revision");
	free(old);
}

static void test_names(void **state)
{
	int i;

	(void)state;
	for (i = GOVDX_REVISION_DRAFT; i <= GOVDX_REVISION_WITHDRAWN; i++)
		assert_int_equal(govdx_revision_state_from(govdx_revision_state_name(
		                         (enum govdx_revision_state)i)), i);
	assert_string_equal(govdx_revision_state_name((enum govdx_revision_state)99), "unknown");
	assert_int_equal(govdx_revision_state_from("unknown"), GOVDX_REVISION_UNKNOWN);
	for (i = 0; i < GOVDX_FIELD_COUNT; i++)
		assert_int_equal(govdx_field_from(govdx_field_name((enum govdx_field)i)), i);
	assert_int_equal(govdx_field_from("fields.items[2].length"), GOVDX_FIELD_ITEMS);
	assert_int_equal(govdx_field_from("sharing"), GOVDX_FIELD_COUNT);
	assert_int_equal(govdx_field_from("name_x"), GOVDX_FIELD_COUNT);
	assert_null(govdx_field_name(GOVDX_FIELD_COUNT));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_revision_full),
		cmocka_unit_test(test_revision_new_entry),
		cmocka_unit_test(test_revision_unknown_state_and_bad_fields),
		cmocka_unit_test(test_revision_page),
		cmocka_unit_test(test_revision_errors),
		cmocka_unit_test(test_entry_revisions),
		cmocka_unit_test(test_diff),
		cmocka_unit_test(test_entry_maintenance_fields),
		cmocka_unit_test(test_names),
	};

	return cmocka_run_group_tests_name("client-revisions", tests, NULL, NULL);
}
