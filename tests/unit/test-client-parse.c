/*
 * Unit tests for libgovdx's answer parsers and error mapping: every parse
 * function on good answers (Chinese names included), wrong types, missing
 * fields, non-JSON and truncated bodies, and the service's error bodies.
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

/* ---- good answers --------------------------------------------------------- */

static const char health_json[] = "{\"status\":\"ok\",\"version\":\"0.1.0\",\"database\":\"ok\"}";

static void test_health(void **state)
{
	struct govdx_health *h = NULL;
	struct govdx_error err;

	assert_int_equal(govdx_parse_health(health_json, LEN(health_json), &h, &err), 0);
	assert_string_equal(h->status, "ok");
	assert_string_equal(h->version, "0.1.0");
	assert_string_equal(h->database, "ok");
	govdx_health_free(h);
}

static const char me_json[] =
	"{\"user\":\"zhang.wei\",\"display_name\":\"张伟\",\"role\":\"official\","
	"\"department\":{\"code\":\"130000-MZ\",\"name\":\"河北省民政厅\"},"
	"\"platform\":{\"code\":\"130000\",\"name\":\"河北省\",\"level\":\"provincial\","
	"\"parent_code\":\"000000\"}}";

static void test_me(void **state)
{
	struct govdx_me *m = NULL;
	struct govdx_error err;

	assert_int_equal(govdx_parse_me(me_json, LEN(me_json), &m, &err), 0);
	assert_string_equal(m->user, "zhang.wei");
	assert_string_equal(m->display_name, "张伟");
	assert_string_equal(m->role, "official");
	assert_string_equal(m->department_code, "130000-MZ");
	assert_string_equal(m->department_name, "河北省民政厅");
	assert_string_equal(m->platform.code, "130000");
	assert_string_equal(m->platform.parent_code, "000000");
	assert_string_equal(m->platform.name, "河北省");
	assert_int_equal(m->platform.level, GOVDX_LEVEL_PROVINCIAL);
	govdx_me_free(m);
}

#define COUNTS(a, b, c, d, e)                                                             \
	"\"counts\":{\"children\":" #a ",\"departments\":" #b ",\"entries\":" #c               \
	",\"subtree_departments\":" #d ",\"subtree_entries\":" #e "}"

static const char node_json[] =
	"{\"code\":\"130100\",\"name\":\"石家庄市\",\"level\":\"municipal\","
	"\"parent_code\":\"130000\"," COUNTS(22, 30, 410, 700, 9800) ","
	"\"path\":[{\"code\":\"000000\",\"name\":\"国家\",\"level\":\"national\"},"
	"{\"code\":\"130000\",\"name\":\"河北省\",\"level\":\"provincial\"},"
	"{\"code\":\"130100\",\"name\":\"石家庄市\",\"level\":\"municipal\"}]}";

static void test_platform_node(void **state)
{
	struct govdx_platform_node *n = NULL;
	struct govdx_error err;

	assert_int_equal(govdx_parse_platform_node(node_json, LEN(node_json), &n, &err), 0);
	assert_string_equal(n->platform.code, "130100");
	assert_string_equal(n->platform.name, "石家庄市");
	assert_int_equal(n->platform.level, GOVDX_LEVEL_MUNICIPAL);
	assert_int_equal(n->platform.counts.children, 22);
	assert_int_equal(n->platform.counts.departments, 30);
	assert_int_equal(n->platform.counts.entries, 410);
	assert_int_equal(n->platform.counts.subtree_departments, 700);
	assert_int_equal(n->platform.counts.subtree_entries, 9800);
	assert_int_equal(n->path_len, 3);
	assert_string_equal(n->path[0].code, "000000");
	assert_string_equal(n->path[0].name, "国家");
	assert_int_equal(n->path[0].level, GOVDX_LEVEL_NATIONAL);
	assert_string_equal(n->path[0].parent_code, "");
	assert_string_equal(n->path[2].name, "石家庄市");
	govdx_platform_node_free(n);
}

static void test_platform_node_national(void **state)
{
	static const char body[] = "{\"code\":\"000000\",\"name\":\"国家\",\"level\":\"national\","
	                           "\"parent_code\":null," COUNTS(31, 40, 500, 70000, 3000000) ","
	                           "\"path\":[{\"code\":\"000000\",\"name\":\"国家\","
	                           "\"level\":\"national\"}]}";
	struct govdx_platform_node *n = NULL;
	struct govdx_error err;

	assert_int_equal(govdx_parse_platform_node(body, LEN(body), &n, &err), 0);
	assert_string_equal(n->platform.parent_code, "");
	assert_int_equal(n->platform.counts.subtree_entries, 3000000);
	assert_int_equal(n->path_len, 1);
	govdx_platform_node_free(n);
}

static void test_platform_page(void **state)
{
	static const char body[] =
		"{\"items\":[{\"code\":\"130100\",\"name\":\"石家庄市\",\"level\":\"municipal\","
		"\"parent_code\":\"130000\"," COUNTS(22, 30, 410, 700, 9800) "},"
		"{\"code\":\"130200\",\"name\":\"唐山市\",\"level\":\"municipal\","
		"\"parent_code\":\"130000\"," COUNTS(14, 28, 380, 600, 8000) "}],"
		"\"next_cursor\":\"MTMwMjAw\"}";
	struct govdx_platform_page *p = NULL;
	struct govdx_error err;

	assert_int_equal(govdx_parse_platform_page(body, LEN(body), &p, &err), 0);
	assert_int_equal(p->n, 2);
	assert_string_equal(p->items[1].code, "130200");
	assert_string_equal(p->items[1].name, "唐山市");
	assert_int_equal(p->items[1].counts.children, 14);
	assert_string_equal(p->next_cursor, "MTMwMjAw");
	govdx_platform_page_free(p);
}

static void test_platform_page_last_and_empty(void **state)
{
	static const char body[] = "{\"items\":[],\"next_cursor\":null}";
	struct govdx_platform_page *p = NULL;
	struct govdx_error err;

	assert_int_equal(govdx_parse_platform_page(body, LEN(body), &p, &err), 0);
	assert_int_equal(p->n, 0);
	assert_null(p->next_cursor);
	govdx_platform_page_free(p);
}

static void test_department_page(void **state)
{
	static const char body[] =
		"{\"items\":[{\"code\":\"130000-GA\",\"name\":\"河北省公安厅\","
		"\"platform_code\":\"130000\",\"entry_count\":17},"
		"{\"code\":\"130000-MZ\",\"name\":\"河北省民政厅\",\"platform_code\":\"130000\","
		"\"entry_count\":0}],\"next_cursor\":null}";
	struct govdx_department_page *p = NULL;
	struct govdx_error err;

	assert_int_equal(govdx_parse_department_page(body, LEN(body), &p, &err), 0);
	assert_int_equal(p->n, 2);
	assert_string_equal(p->items[0].name, "河北省公安厅");
	assert_string_equal(p->items[0].platform_code, "130000");
	assert_int_equal(p->items[0].entry_count, 17);
	assert_int_equal(p->items[1].entry_count, 0);
	assert_null(p->next_cursor);
	govdx_department_page_free(p);
}

#define SUMMARY(code, name, sharing, open, disputed)                                         \
	"\"code\":\"" code "\",\"name\":\"" name "\",\"department_code\":\"130000-MZ\","          \
	"\"department_name\":\"河北省民政厅\",\"platform_code\":\"130000\",\"sharing_type\":\"" \
	sharing "\",\"open_attribute\":\"" open "\",\"update_cycle\":\"每月\","                 \
	"\"disputed\":" disputed

static void test_entry_page(void **state)
{
	static const char body[] =
		"{\"items\":[{" SUMMARY("130000-MZ-0001", "婚姻登记信息", "conditional", "closed",
		                        "false") "},"
		"{" SUMMARY("130000-MZ-0002", "社会组织登记信息", "unconditional", "open",
		            "true") "},"
		"{" SUMMARY("130000-MZ-0003", "未来的共享类型", "sometimes", "open", "false") "}],"
		"\"next_cursor\":\"eyJjIjoiMTMwMDAwLU1aLTAwMDMifQ==\"}";
	struct govdx_entry_page *p = NULL;
	struct govdx_error err;

	assert_int_equal(govdx_parse_entry_page(body, LEN(body), &p, &err), 0);
	assert_int_equal(p->n, 3);
	assert_string_equal(p->items[0].name, "婚姻登记信息");
	assert_string_equal(p->items[0].department_name, "河北省民政厅");
	assert_string_equal(p->items[0].platform_code, "130000");
	assert_int_equal(p->items[0].sharing_type, GOVDX_SHARING_CONDITIONAL);
	assert_int_equal(p->items[0].open_attribute, GOVDX_OPEN_CLOSED);
	assert_string_equal(p->items[0].update_cycle, "每月");
	assert_false(p->items[0].disputed);
	assert_true(p->items[1].disputed);
	assert_int_equal(p->items[1].sharing_type, GOVDX_SHARING_UNCONDITIONAL);
	/* An unknown value from a newer service is not an error. */
	assert_int_equal(p->items[2].sharing_type, GOVDX_SHARING_UNKNOWN);
	/* Summaries carry no detail. */
	assert_null(p->items[0].abstract);
	assert_null(p->items[0].items);
	assert_int_equal(p->items[0].n_items, 0);
	assert_string_equal(p->next_cursor, "eyJjIjoiMTMwMDAwLU1aLTAwMDMifQ==");
	govdx_entry_page_free(p);
}

static const char entry_json[] =
	"{" SUMMARY("130000-MZ-0001", "婚姻登记信息", "conditional", "closed", "false") ","
	"\"classification\":\"3-02-001-01\",\"classification_name\":\"部门信息资源 / 民政 / 婚姻登记\","
	"\"platform_name\":\"河北省\",\"abstract\":\"全省婚姻登记的结婚、离婚登记记录。\","
	"\"format\":\"数据库\",\"items\":[{\"name\":\"姓名\",\"data_type\":\"字符型C\",\"length\":50},"
	"{\"name\":\"登记日期\",\"data_type\":\"日期型D\",\"length\":null}],"
	"\"sharing_condition\":\"仅用于婚姻状况核验\",\"sharing_method\":\"api\","
	"\"basis\":\"《婚姻登记条例》\",\"release_date\":\"2023-05-01\","
	"\"related\":[\"130000-GA-0001\",\"130000-MZ-0002\"]}";

static void test_entry_detail(void **state)
{
	struct govdx_entry *e = NULL;
	struct govdx_error err;

	assert_int_equal(govdx_parse_entry(entry_json, LEN(entry_json), &e, &err), 0);
	assert_string_equal(e->code, "130000-MZ-0001");
	assert_string_equal(e->classification, "3-02-001-01");
	assert_string_equal(e->classification_name, "部门信息资源 / 民政 / 婚姻登记");
	assert_string_equal(e->platform_name, "河北省");
	assert_string_equal(e->format, "数据库");
	assert_int_equal(e->n_items, 2);
	assert_string_equal(e->items[0].name, "姓名");
	assert_string_equal(e->items[0].data_type, "字符型C");
	assert_int_equal(e->items[0].length, 50);
	assert_int_equal(e->items[1].length, 0);
	assert_string_equal(e->sharing_condition, "仅用于婚姻状况核验");
	assert_string_equal(e->sharing_method, "api");
	assert_string_equal(e->basis, "《婚姻登记条例》");
	assert_string_equal(e->release_date, "2023-05-01");
	assert_int_equal(e->n_related, 2);
	assert_string_equal(e->related[1], "130000-MZ-0002");
	govdx_entry_free(e);
}

static void test_entry_detail_nulls(void **state)
{
	static const char body[] =
		"{" SUMMARY("110000-TJ-0001", "统计公报", "unconditional", "open", "false") ","
		"\"classification\":\"1-01\",\"classification_name\":\"基础信息资源\","
		"\"platform_name\":\"北京市\",\"abstract\":\"\",\"format\":\"文件\",\"items\":[],"
		"\"sharing_condition\":null,\"sharing_method\":null,\"basis\":null,"
		"\"release_date\":\"2024-01-02\",\"related\":[]}";
	struct govdx_entry *e = NULL;
	struct govdx_error err;

	assert_int_equal(govdx_parse_entry(body, LEN(body), &e, &err), 0);
	assert_null(e->sharing_condition);
	assert_null(e->sharing_method);
	assert_null(e->basis);
	assert_int_equal(e->n_items, 0);
	assert_int_equal(e->n_related, 0);
	assert_string_equal(e->abstract, "");
	govdx_entry_free(e);
}

/* 开放条件 of an entry open on conditions; absent (an older service) or null
 * it reads as NULL, of a wrong type it is a malformed answer. */
static void test_entry_open_condition(void **state)
{
	static const char body[] =
		"{" SUMMARY("130000-MZ-0004", "社会组织名录", "unconditional", "conditional", "false") ","
		"\"classification\":\"3-02-001-01\",\"classification_name\":\"部门信息资源\","
		"\"platform_name\":\"河北省\",\"abstract\":\"\",\"format\":\"文件\",\"items\":[],"
		"\"sharing_condition\":null,\"sharing_method\":\"api\",\"basis\":null,"
		"\"release_date\":\"2024-01-02\",\"related\":[],"
		"\"open_condition\":\"脱敏后开放，不含个人身份信息和联系方式\"}";
	static const char wrong[] =
		"{" SUMMARY("130000-MZ-0004", "社会组织名录", "unconditional", "conditional", "false") ","
		"\"classification\":\"3-02-001-01\",\"classification_name\":\"部门信息资源\","
		"\"platform_name\":\"河北省\",\"abstract\":\"\",\"format\":\"文件\",\"items\":[],"
		"\"sharing_condition\":null,\"sharing_method\":\"api\",\"basis\":null,"
		"\"release_date\":\"2024-01-02\",\"related\":[],\"open_condition\":5}";
	struct govdx_entry *e = NULL;
	struct govdx_error err;

	assert_int_equal(govdx_parse_entry(body, LEN(body), &e, &err), 0);
	assert_int_equal(e->open_attribute, GOVDX_OPEN_CONDITIONAL);
	assert_string_equal(e->open_condition, "脱敏后开放，不含个人身份信息和联系方式");
	govdx_entry_free(e);

	assert_int_equal(govdx_parse_entry(entry_json, LEN(entry_json), &e, &err), 0);
	assert_null(e->open_condition);
	govdx_entry_free(e);

	e = (void *)1;
	assert_int_equal(govdx_parse_entry(wrong, LEN(wrong), &e, &err), -1);
	assert_null(e);
	util_expect_malformed(&err, "open_condition is an integer, expected a string");
}

/* ---- wrong types, missing fields, broken bodies --------------------------- */

static void test_wrong_types(void **state)
{
	struct govdx_error err;
	struct govdx_entry_page *p = (void *)1;
	struct govdx_entry *e = (void *)1;
	struct govdx_platform_node *n = (void *)1;
	struct govdx_department_page *d = (void *)1;
	char *body;

	/* A number where a string belongs, in the second list item. */
	static const char page[] =
		"{\"items\":[{" SUMMARY("A-1", "甲", "none", "closed", "false") "},"
		"{\"code\":42,\"name\":\"乙\"}],\"next_cursor\":null}";
	assert_int_equal(govdx_parse_entry_page(page, LEN(page), &p, &err), -1);
	assert_null(p);
	util_expect_malformed(&err, "items[1].code is an integer, expected a string");

	/* disputed as a string */
	static const char disp[] =
		"{\"items\":[{" SUMMARY("A-1", "甲", "none", "closed", "\"no\"") "}],"
		"\"next_cursor\":null}";
	assert_int_equal(govdx_parse_entry_page(disp, LEN(disp), &p, &err), -1);
	util_expect_malformed(&err, "items[0].disputed is a string, expected true or false");

	/* an item's length as a string, inside the detail */
	body = strdup(entry_json);
	memcpy(strstr(body, "50}"), "\"\"", 2);
	assert_int_equal(govdx_parse_entry(body, LEN(body), &e, &err), -1);
	assert_null(e);
	util_expect_malformed(&err, "items[0].length is a string, expected an integer");
	free(body);

	/* counts.entries as a fraction */
	body = strdup(node_json);
	memcpy(strstr(body, "410"), "4.5", 3);
	assert_int_equal(govdx_parse_platform_node(body, LEN(body), &n, &err), -1);
	assert_null(n);
	util_expect_malformed(&err, "counts.entries is a fractional number, expected an integer");
	free(body);

	/* path item is a string */
	static const char path[] = "{\"code\":\"000000\",\"name\":\"国家\",\"level\":\"national\","
	                           "\"parent_code\":null," COUNTS(1, 1, 1, 1, 1) ","
	                           "\"path\":[\"000000\"]}";
	assert_int_equal(govdx_parse_platform_node(path, LEN(path), &n, &err), -1);
	util_expect_malformed(&err, "path[0]");

	/* entry_count negative */
	static const char dep[] = "{\"items\":[{\"code\":\"X\",\"name\":\"甲\","
	                          "\"platform_code\":\"130000\",\"entry_count\":-3}],"
	                          "\"next_cursor\":null}";
	assert_int_equal(govdx_parse_department_page(dep, LEN(dep), &d, &err), -1);
	util_expect_malformed(&err, "items[0].entry_count is out of range");

	/* next_cursor as a number */
	static const char cur[] = "{\"items\":[],\"next_cursor\":7}";
	assert_int_equal(govdx_parse_department_page(cur, LEN(cur), &d, &err), -1);
	util_expect_malformed(&err, "next_cursor is an integer, expected a string");

	/* items as an object */
	static const char items[] = "{\"items\":{},\"next_cursor\":null}";
	assert_int_equal(govdx_parse_entry_page(items, LEN(items), &p, &err), -1);
	util_expect_malformed(&err, "items is an object, expected an array");

	/* a platform code longer than a code can be */
	static const char longcode[] = "{\"items\":[{\"code\":\"13010000\",\"name\":\"石家庄市\","
	                               "\"level\":\"municipal\",\"parent_code\":\"130000\","
	                               COUNTS(1, 1, 1, 1, 1) "}],\"next_cursor\":null}";
	struct govdx_platform_page *pp = (void *)1;
	assert_int_equal(govdx_parse_platform_page(longcode, LEN(longcode), &pp, &err), -1);
	assert_null(pp);
	util_expect_malformed(&err, "items[0].code is not a code");

	/* a string with an embedded NUL character is refused */
	static const char nul[] = "{\"status\":\"o\\u0000k\",\"version\":\"1\",\"database\":\"ok\"}";
	struct govdx_health *h = (void *)1;
	assert_int_equal(govdx_parse_health(nul, LEN(nul), &h, &err), -1);
	assert_null(h);
	util_expect_malformed(&err, "not valid JSON");
}

static void test_missing_fields(void **state)
{
	struct govdx_error err;
	struct govdx_me *m = (void *)1;
	struct govdx_platform_page *p = (void *)1;
	struct govdx_entry *e = (void *)1;
	struct govdx_platform_node *n = (void *)1;

	static const char me[] = "{\"user\":\"u\",\"display_name\":\"张\",\"role\":\"official\","
	                         "\"department\":{\"code\":\"D\"},"
	                         "\"platform\":{\"code\":\"130000\",\"name\":\"河北省\","
	                         "\"level\":\"provincial\"}}";
	assert_int_equal(govdx_parse_me(me, LEN(me), &m, &err), -1);
	assert_null(m);
	util_expect_malformed(&err, "department.name is missing");

	static const char page[] = "{\"items\":[]}";
	assert_int_equal(govdx_parse_platform_page(page, LEN(page), &p, &err), -1);
	util_expect_malformed(&err, "next_cursor is missing");

	/* a child platform without its counts */
	static const char nocounts[] = "{\"items\":[{\"code\":\"130100\",\"name\":\"石家庄市\","
	                               "\"level\":\"municipal\",\"parent_code\":\"130000\"}],"
	                               "\"next_cursor\":null}";
	assert_int_equal(govdx_parse_platform_page(nocounts, LEN(nocounts), &p, &err), -1);
	util_expect_malformed(&err, "items[0].counts is missing");

	/* the detail without its items */
	char *body = strdup(entry_json);
	char *at = strstr(body, "\"items\"");
	memcpy(at, "\"itemz\"", 7);
	assert_int_equal(govdx_parse_entry(body, LEN(body), &e, &err), -1);
	util_expect_malformed(&err, "items is missing");
	free(body);

	/* a required string given as null */
	static const char nullname[] = "{\"code\":\"000000\",\"name\":null,\"level\":\"national\","
	                               "\"parent_code\":null," COUNTS(1, 1, 1, 1, 1) ",\"path\":[]}";
	assert_int_equal(govdx_parse_platform_node(nullname, LEN(nullname), &n, &err), -1);
	util_expect_malformed(&err, "name is null");
}

static void test_not_json(void **state)
{
	struct govdx_error err;
	struct govdx_entry *e = (void *)1;
	struct govdx_entry_page *p = (void *)1;
	struct govdx_health *h = (void *)1;
	static const char html[] = "<html><body>502 Bad Gateway</body></html>";

	assert_int_equal(govdx_parse_entry(html, LEN(html), &e, &err), -1);
	assert_null(e);
	util_expect_malformed(&err, "not valid JSON");

	/* truncated in the middle of a Chinese string */
	assert_int_equal(govdx_parse_entry(entry_json, LEN(entry_json) / 2, &e, &err), -1);
	util_expect_malformed(&err, "not valid JSON");

	/* a JSON array where an object belongs */
	assert_int_equal(govdx_parse_entry_page("[1,2]", 5, &p, &err), -1);
	util_expect_malformed(&err, "an array, expected an object");

	/* nothing at all */
	assert_int_equal(govdx_parse_health("", 0, &h, &err), -1);
	util_expect_malformed(&err, "empty");
	assert_int_equal(govdx_parse_health(NULL, 0, &h, &err), -1);
	util_expect_malformed(&err, "empty");

	/* broken UTF-8 inside a string */
	static const char bad_utf8[] = "{\"status\":\"\xe6\xb0\",\"version\":\"1\",\"database\":\"ok\"}";
	assert_int_equal(govdx_parse_health(bad_utf8, LEN(bad_utf8), &h, &err), -1);
	util_expect_malformed(&err, "not valid JSON");
}

/* ---- error bodies --------------------------------------------------------- */

static void expect_service_error(long status, const char *code, const char *message)
{
	struct govdx_error err;
	char body[512];

	snprintf(body, sizeof body,
	         "{\"error\":{\"code\":\"%s\",\"message\":\"%s\",\"details\":{\"parameter\":\"limit\"}}}",
	         code, message);
	assert_int_equal(govdx_parse_error(status, body, strlen(body), &err), 0);
	assert_int_equal(err.kind, GOVDX_ERR_HTTP);
	assert_int_equal(err.http_status, status);
	assert_string_equal(err.code, code);
	assert_string_equal(err.message, message);
}

static void test_error_json(void **state)
{
	expect_service_error(401, "unauthorized", "missing, malformed or unknown token");
	expect_service_error(404, "not_found", "no entry 130000-MZ-9999");
	expect_service_error(400, "invalid_parameter", "limit must be between 1 and 200");
	expect_service_error(413, "payload_too_large", "the body is larger than 64 KiB");
	expect_service_error(503, "unavailable", "数据库暂时不可用");
}

/* A TLS front's refusals of the client certificate: tools/tls's JSON,
 * and nginx's own HTML pages (as nginx 1.22 sends them). */
static void test_error_client_certificate(void **state)
{
	struct govdx_error err;
	static const char missing[] =
		"{\"error\":{\"code\":\"client_certificate_missing\",\"message\":\"no client "
		"certificate was sent\"}}";
	static const char expired[] =
		"{\"error\":{\"code\":\"client_certificate_expired\",\"message\":\"x\","
		"\"details\":{\"reason\":\"certificate has expired\"}}}";
	static const char early[] =
		"{\"error\":{\"code\":\"client_certificate_expired\",\"message\":\"x\","
		"\"details\":{\"reason\":\"certificate is not yet valid\"}}}";
	static const char untrusted[] =
		"{\"error\":{\"code\":\"client_certificate_untrusted\",\"message\":\"x\","
		"\"details\":{\"reason\":\"unable to verify the first certificate\"}}}";
	static const char nginx_none[] =
		"<html>\r\n<head><title>400 No required SSL certificate was sent</title></head>\r\n"
		"<body>\r\n<center><h1>400 Bad Request</h1></center>\r\n<center>No required SSL "
		"certificate was sent</center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n";
	static const char nginx_bad[] =
		"<html>\r\n<head><title>400 The SSL certificate error</title></head>\r\n<body>\r\n"
		"<center><h1>400 Bad Request</h1></center>\r\n<center>The SSL certificate error"
		"</center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n";

	(void)state;
	assert_int_equal(govdx_parse_error(400, missing, LEN(missing), &err), 0);
	assert_int_equal(err.kind, GOVDX_ERR_HTTP);
	assert_string_equal(err.code, "client_certificate_missing");
	assert_string_equal(err.message, "the service refused the connection: it requires a client "
	                                 "certificate and none was sent (set cert-file and key-file)");
	assert_int_equal(govdx_parse_error(400, expired, LEN(expired), &err), 0);
	assert_string_equal(err.message, "the service refused the client certificate: it has expired");
	assert_int_equal(govdx_parse_error(400, early, LEN(early), &err), 0);
	assert_string_equal(err.message,
	                    "the service refused the client certificate: it is not valid yet");
	assert_int_equal(govdx_parse_error(400, untrusted, LEN(untrusted), &err), 0);
	assert_string_equal(err.code, "client_certificate_untrusted");
	assert_string_equal(err.message, "the service refused the client certificate: it is not "
	                                 "trusted (unable to verify the first certificate)");
	assert_int_equal(govdx_parse_error(400, nginx_none, LEN(nginx_none), &err), -1);
	assert_int_equal(err.http_status, 400);
	assert_string_equal(err.code, "client_certificate_missing");
	assert_int_equal(govdx_parse_error(400, nginx_bad, LEN(nginx_bad), &err), -1);
	assert_string_equal(err.code, "client_certificate_refused");
	assert_string_equal(err.message, "the service refused the client certificate: it is not "
	                                 "trusted or has expired");
	/* the same words on another status are someone else's page */
	assert_int_equal(govdx_parse_error(502, nginx_bad, LEN(nginx_bad), &err), -1);
	assert_string_equal(err.code, "bad_gateway");
}

static void test_error_not_json(void **state)
{
	struct govdx_error err;
	static const char html[] = "<html><body><h1>502 Bad Gateway</h1></body></html>";

	assert_int_equal(govdx_parse_error(502, html, LEN(html), &err), -1);
	assert_int_equal(err.kind, GOVDX_ERR_HTTP);
	assert_int_equal(err.http_status, 502);
	assert_string_equal(err.code, "bad_gateway");
	assert_string_equal(err.message,
	                    "the service answered HTTP 502 without an error description");

	/* an empty body, and JSON of another shape */
	assert_int_equal(govdx_parse_error(503, "", 0, &err), -1);
	assert_string_equal(err.code, "unavailable");
	assert_int_equal(err.http_status, 503);
	assert_int_equal(govdx_parse_error(418, "{\"error\":\"teapot\"}", 18, &err), -1);
	assert_string_equal(err.code, "http_error");
	assert_string_equal(err.message,
	                    "the service answered HTTP 418 without an error description");
	assert_int_equal(govdx_parse_error(500, "{\"error\":{\"code\":5}}", 20, &err), -1);
	assert_string_equal(err.code, "internal");
	/* the HTTP layer's own refusal of a request too long (HTML) */
	assert_int_equal(govdx_parse_error(414, html, LEN(html), &err), -1);
	assert_string_equal(err.code, "uri_too_long");
	assert_non_null(strstr(err.message, "too long for the service (HTTP 414)"));
	assert_int_equal(govdx_parse_error(431, "", 0, &err), -1);
	assert_string_equal(err.code, "headers_too_large");
}

static void test_error_odd_messages(void **state)
{
	struct govdx_error err;
	char body[4096];
	size_t i, o;

	/* a code without a message */
	static const char nomsg[] = "{\"error\":{\"code\":\"forbidden\"}}";
	assert_int_equal(govdx_parse_error(403, nomsg, LEN(nomsg), &err), 0);
	assert_string_equal(err.code, "forbidden");
	assert_string_equal(err.message, "the service answered HTTP 403 (forbidden)");

	/* a message with line breaks becomes one line */
	static const char lines[] = "{\"error\":{\"code\":\"internal\",\"message\":\"a\\nb\\tc\"}}";
	assert_int_equal(govdx_parse_error(500, lines, LEN(lines), &err), 0);
	assert_string_equal(err.message, "a b c");

	/* a long Chinese message is cut on a character boundary */
	o = (size_t)snprintf(body, sizeof body, "{\"error\":{\"code\":\"internal\",\"message\":\"");
	for (i = 0; i < 300; i++) {
		memcpy(body + o, "错", 3);
		o += 3;
	}
	strcpy(body + o, "\"}}");
	assert_int_equal(govdx_parse_error(500, body, strlen(body), &err), 0);
	assert_true(util_utf8_valid(err.message));
	assert_true(strlen(err.message) < sizeof err.message);
	assert_int_equal(strlen(err.message) % 3, 0);
	assert_true(strlen(err.message) >= sizeof err.message - 3);
}

/* ---- names and free functions --------------------------------------------- */

static void test_names_and_free(void **state)
{
	assert_string_equal(govdx_level_name(GOVDX_LEVEL_COUNTY), "county");
	assert_string_equal(govdx_level_name((enum govdx_level)99), "unknown");
	assert_string_equal(govdx_sharing_name(GOVDX_SHARING_NONE), "none");
	assert_string_equal(govdx_open_name(GOVDX_OPEN_CONDITIONAL), "conditional");
	assert_string_equal(govdx_error_kind_name(GOVDX_ERR_TRANSPORT), "transport");
	assert_string_equal(govdx_error_kind_name(GOVDX_ERR_PROTOCOL), "protocol");
	assert_string_equal(govdx_version(), PACKAGE_VERSION);
	govdx_me_free(NULL);
	govdx_health_free(NULL);
	govdx_platform_node_free(NULL);
	govdx_platform_page_free(NULL);
	govdx_department_page_free(NULL);
	govdx_entry_page_free(NULL);
	govdx_entry_free(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_health),
		cmocka_unit_test(test_me),
		cmocka_unit_test(test_platform_node),
		cmocka_unit_test(test_platform_node_national),
		cmocka_unit_test(test_platform_page),
		cmocka_unit_test(test_platform_page_last_and_empty),
		cmocka_unit_test(test_department_page),
		cmocka_unit_test(test_entry_page),
		cmocka_unit_test(test_entry_detail),
		cmocka_unit_test(test_entry_detail_nulls),
		cmocka_unit_test(test_entry_open_condition),
		cmocka_unit_test(test_wrong_types),
		cmocka_unit_test(test_missing_fields),
		cmocka_unit_test(test_not_json),
		cmocka_unit_test(test_error_json),
		cmocka_unit_test(test_error_not_json),
		cmocka_unit_test(test_error_client_certificate),
		cmocka_unit_test(test_error_odd_messages),
		cmocka_unit_test(test_names_and_free),
	};

	return cmocka_run_group_tests_name("client-parse", tests, NULL, NULL);
}
