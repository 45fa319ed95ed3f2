/*
 * test-tui-entry — an entry's description as the entry view and the
 * directory's preview give it, without a service: every field of the core
 * metadata (核心元数据) under its standard name, the
 * 开放条件 of an entry open on conditions (and no such row for the others),
 * the short sharing labels whole (不予共享, never 不共享) within the lists'
 * sharing column, and labels that fit the narrow preview's label column.
 */
#include "config.h"

#include <locale.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "app.h"
#include "store.h"
#include "ui-text.h"
#include "ui-width.h"
#include "view.h"
#include "xalloc.h"

static void noop(void *arg)
{
	(void)arg;
}

static struct govdx_item items[] = { { "公民身份号码", "字符型C", 18 }, { "姓名", "字符型C", 50 } };
static char *related[] = { "130000007-308001-0001" };

static struct govdx_entry entry(enum govdx_sharing sharing, enum govdx_open open)
{
	struct govdx_entry e = { 0 };

	e.code = "130000007-308001-0006";
	e.name = "居民身份证信息";
	e.department_code = "130000007";
	e.department_name = "河北省公安厅";
	memcpy(e.platform_code, "130000", 7);
	e.sharing_type = sharing;
	e.open_attribute = open;
	e.update_cycle = "每日";
	e.classification = "3-08-001-01";
	e.classification_name = "部门信息资源 / 公安 / 居民身份证信息";
	e.platform_name = "河北省";
	e.abstract = "河北省公安厅在履行职责中形成的居民身份证信息。";
	e.format = "接口（RESTful/JSON）";
	e.sharing_condition = sharing == GOVDX_SHARING_CONDITIONAL ? "仅提供核验服务" : NULL;
	e.sharing_method = sharing == GOVDX_SHARING_NONE ? NULL : "api";
	e.basis = sharing == GOVDX_SHARING_UNCONDITIONAL ? NULL : "《数据安全法》第三十八条";
	e.release_date = "2019-06-18";
	e.open_condition = open == GOVDX_OPEN_CONDITIONAL ? "脱敏后开放，不含个人身份信息和联系方式" : NULL;
	e.items = items;
	e.n_items = 2;
	e.related = related;
	e.n_related = 1;
	return e;
}

/* The value of the field labelled name (labels may be indented), or NULL. */
static const char *field(const struct ui_text *t, const char *name)
{
	size_t i;

	for (i = 0; i < t->n; i++) {
		const char *l = t->rows[i].label;
		if (l && t->rows[i].field && !strcmp(l + strspn(l, " "), name))
			return t->rows[i].text;
	}
	return NULL;
}

static bool has_line(const struct ui_text *t, const char *part)
{
	size_t i;

	for (i = 0; i < t->n; i++)
		if (!t->rows[i].field && t->rows[i].text && strstr(t->rows[i].text, part))
			return true;
	return false;
}

static void test_core_metadata(void **state)
{
	struct app *app = app_new();
	struct govdx_entry e = entry(GOVDX_SHARING_CONDITIONAL, GOVDX_OPEN_CONDITIONAL);
	struct ui_text t = { 0 };

	(void)state;
	app->store = store_new(NULL, &(struct store_hooks){ noop, NULL, NULL });
	ui_text_reset(&t, 78, 20);
	view_entry_describe(app, &t, &e, true);
	/* The name is the title here; the entry view (screen tests) also
	 * gives it as 信息资源名称. */
	assert_string_equal(t.rows[0].text, "居民身份证信息");
	assert_string_equal(field(&t, "信息资源代码"), "130000007-308001-0006");
	assert_non_null(strstr(field(&t, "信息资源分类"), "3-08-001-01"));
	assert_string_equal(field(&t, "信息资源提供方"), "河北省公安厅");
	assert_string_equal(field(&t, "信息资源提供方代码"), "130000007");
	assert_non_null(strstr(field(&t, "信息资源摘要"), "居民身份证信息"));
	assert_string_equal(field(&t, "信息资源格式"), "接口（RESTful/JSON）");
	assert_true(has_line(&t, "共享属性"));
	assert_non_null(strstr(field(&t, "共享类型"), "有条件共享"));
	assert_string_equal(field(&t, "共享条件"), "仅提供核验服务");
	assert_string_equal(field(&t, "共享方式"), "api");
	assert_true(has_line(&t, "开放属性"));
	assert_non_null(strstr(field(&t, "是否向社会开放"), "有条件开放"));
	assert_string_equal(field(&t, "开放条件"), "脱敏后开放，不含个人身份信息和联系方式");
	assert_string_equal(field(&t, "更新周期"), "每日");
	assert_string_equal(field(&t, "发布日期"), "2019-06-18");
	assert_true(has_line(&t, "信息项信息"));
	assert_true(has_line(&t, "信息项名称"));
	assert_true(has_line(&t, "数据类型"));
	assert_true(has_line(&t, "公民身份号码"));
	assert_true(has_line(&t, "关联资源代码"));
	assert_true(has_line(&t, "130000007-308001-0001"));

	/* Open or closed: no 开放条件 row at all. */
	e = entry(GOVDX_SHARING_NONE, GOVDX_OPEN_CLOSED);
	ui_text_reset(&t, 78, 20);
	view_entry_describe(app, &t, &e, true);
	assert_null(field(&t, "开放条件"));
	assert_non_null(strstr(field(&t, "共享类型"), "不予共享"));
	assert_string_equal(field(&t, "共享方式"), "-");

	ui_text_free(&t);
	store_free(app->store);
	app->store = NULL;
	app_free(app);
}

/* In the directory's narrow preview every label still has a column to
 * spare, so no label runs into its value or is cut. */
static void test_narrow_labels(void **state)
{
	struct app *app = app_new();
	struct govdx_entry e = entry(GOVDX_SHARING_CONDITIONAL, GOVDX_OPEN_CONDITIONAL);
	struct ui_text t = { 0 };
	int lw;
	size_t i;

	(void)state;
	app->store = store_new(NULL, &(struct store_hooks){ noop, NULL, NULL });
	for (lw = 15; lw <= 20; lw++) {
		ui_text_reset(&t, 60, lw);
		view_entry_describe(app, &t, &e, true);
		for (i = 0; i < t.n; i++)
			if (t.rows[i].label)
				assert_true(ui_width_utf8(t.rows[i].label) < lw);
		assert_non_null(field(&t, "是否向社会开放"));
		assert_non_null(field(&t, lw > 18 ? "信息资源提供方代码" : "提供方代码"));
	}
	ui_text_free(&t);
	store_free(app->store);
	app->store = NULL;
	app_free(app);
}

/* The lists' short sharing labels: 不予共享 whole, each within the column. */
static void test_sharing_short(void **state)
{
	int s;

	(void)state;
	assert_string_equal(view_sharing_short(GOVDX_SHARING_NONE), "不予共享");
	assert_string_equal(view_sharing_short(GOVDX_SHARING_CONDITIONAL), "有条件");
	assert_string_equal(view_sharing_short(GOVDX_SHARING_UNCONDITIONAL), "无条件");
	for (s = GOVDX_SHARING_UNKNOWN; s <= GOVDX_SHARING_NONE; s++)
		assert_true(ui_width_utf8(view_sharing_short(s)) <= VIEW_SHARING_SHORT_W);
	assert_int_equal(ui_width_utf8("不予共享"), VIEW_SHARING_SHORT_W);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_core_metadata),
		cmocka_unit_test(test_narrow_labels),
		cmocka_unit_test(test_sharing_short),
	};

	setlocale(LC_ALL, "C.UTF-8");
	return cmocka_run_group_tests_name("tui-entry", tests, NULL, NULL);
}
