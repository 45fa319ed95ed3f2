/*
 * Catalog maintenance (issue 15) through libgovdx against the running
 * service: a cataloguer drafts a new entry (POST with a field mask), a
 * change the service refuses names its field in err.parameter, a stale
 * version is a 412 with the current revision, the draft is completed
 * (PATCH of every field) and submitted; the authority finds it in the
 * review queue, returns it, and after a second submit publishes it; the
 * entry then reads revision 1 with its publisher, its history lists it,
 * the revision's differences add every field, and the authority retires
 * it with the entry's version.
 *
 * Skips (saying why) without GOVDX_URL and GOVDX_TOKENS, or while the
 * service has no /v1/revisions.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "govdx.h"
#include "tap.h"

static struct govdx_revision *decide(struct govdx_client *c, const struct govdx_revision *r,
                                     const char *action, const char *reason)
{
	struct govdx_transition t = {.action = action, .reason = reason, .version = r->version};
	struct govdx_revision *out = NULL;
	struct govdx_error err;

	if (govdx_revision_transition_sync(c, r->id, &t, &out, &err) != 0) {
		tap_diag(&err);
		govdx_revision_free(out);
		return NULL;
	}
	return out;
}

int main(void)
{
	const char *url = getenv("GOVDX_URL"), *dir = getenv("GOVDX_TOKENS");
	struct govdx_client *cat = NULL, *auth = NULL;
	struct govdx_revision *d = NULL, *r = NULL, *cur = NULL;
	struct govdx_revision_page *q = NULL;
	struct govdx_entry_revision_page *h = NULL;
	struct govdx_entry *e = NULL, *retired = NULL;
	struct govdx_diff *diff = NULL;
	struct govdx_error err;
	struct govdx_revision_item items[2] = {
		{.name = "机构名称", .type = "字符型C", .length = 200, .shared = true},
		{.name = "备案日期", .type = "日期型D", .length = 0, .shared = false},
	};
	struct govdx_entry_fields f = {.name = "养老机构备案信息（接口测试）",
	                               .classification = "3-10-102-01"};
	struct govdx_revision_new n = {.fields = &f};
	struct govdx_revision_patch p = {.fields = &f};
	struct govdx_revision_query rq = {.queue = "review", .page = {.limit = 100}};
	struct govdx_transition retire = {.action = "retire", .reason = "测试：资源已归集"};
	char code[64] = "";
	bool found = false;
	size_t i;

	if (url == NULL || *url == '\0' || dir == NULL || *dir == '\0')
		tap_skip_all("GOVDX_URL and GOVDX_TOKENS are not set (run under tools/check)");
	if (!tap_user(dir, "hebei-cataloguer", NULL, 0, NULL, 0))
		tap_skip_all("no hebei-cataloguer in $GOVDX_TOKENS/users.tsv");
	cat = tap_open_as(url, dir, "hebei-cataloguer");
	auth = tap_open_as(url, dir, "hebei-authority");
	if (cat == NULL || auth == NULL)
		goto done;

	n.mask = GOVDX_FIELD_BIT(GOVDX_FIELD_NAME) | GOVDX_FIELD_BIT(GOVDX_FIELD_CLASSIFICATION);
	if (govdx_revision_create_sync(cat, &n, &d, &err) != 0) {
		if (err.http_status == 404 || err.http_status == 405)
			tap_skip_all("the service does not offer /v1/revisions yet");
		tap_diag(&err);
	}
	if (!tap_check(d != NULL && d->state == GOVDX_REVISION_DRAFT && d->entry_code == NULL &&
	                       d->fields.name != NULL && !strcmp(d->fields.name, f.name),
	               "a new entry's draft: state draft, no code yet, the name sent"))
		goto done;

	/* A value the service refuses: the field is named. */
	f.sharing_type = "sometimes";
	p.mask = GOVDX_FIELD_BIT(GOVDX_FIELD_SHARING_TYPE);
	p.version = d->version;
	tap_check(govdx_revision_patch_sync(cat, d->id, &p, &r, &err) != 0 &&
	                  err.http_status == 422 &&
	                  govdx_field_from(err.parameter) == GOVDX_FIELD_SHARING_TYPE,
	          "a refused value: 422 naming fields.sharing_type (%s)", err.parameter);
	govdx_revision_free(r);
	r = NULL;

	/* Every field, complete. */
	f.sharing_type = "unconditional";
	f.abstract = "河北省民政厅在履行职责中形成的养老机构备案信息，每月更新。";
	f.format = "数据库";
	f.items = items;
	f.n_items = 2;
	f.sharing_method = "api";
	f.open_attribute = "closed";
	f.update_cycle = "每月";
	p.mask = GOVDX_FIELDS_ALL;
	if (govdx_revision_patch_sync(cat, d->id, &p, &r, &err) != 0)
		tap_diag(&err);
	tap_check(r != NULL && r->version > d->version && r->fields.n_items == 2 &&
	                  !r->fields.items[1].shared && r->fields.items[0].length == 200 &&
	                  r->fields.basis == NULL,
	          "PATCH of every field: the items as sent (one not shared), a new version");
	/* The version PATCHed from is stale now. */
	p.mask = GOVDX_FIELD_BIT(GOVDX_FIELD_FORMAT);
	tap_check(govdx_revision_patch_sync(cat, d->id, &p, &cur, &err) != 0 &&
	                  err.http_status == 412 && cur != NULL && r != NULL &&
	                  cur->version == r->version,
	          "a stale version: 412 with the current revision");
	govdx_revision_free(cur);
	cur = NULL;
	if (r == NULL)
		goto done;
	govdx_revision_free(d);
	d = decide(cat, r, "submit", NULL);
	govdx_revision_free(r);
	r = NULL;
	if (!tap_check(d != NULL && d->state == GOVDX_REVISION_SUBMITTED && d->has_deadline,
	               "submitted, with a review deadline"))
		goto done;

	if (govdx_revisions_sync(auth, &rq, &q, &err) != 0)
		tap_diag(&err);
	for (i = 0; q != NULL && i < q->n; i++)
		found = found || !strcmp(q->items[i].id, d->id);
	tap_check(found, "the authority's review queue lists it");
	r = decide(auth, d, "return", "摘要需写明数据来源");
	tap_check(r != NULL && r->state == GOVDX_REVISION_RETURNED && r->reason != NULL &&
	                  !strcmp(r->reason, "摘要需写明数据来源"),
	          "returned with the reason");
	if (r == NULL)
		goto done;
	govdx_revision_free(d);
	d = decide(cat, r, "submit", NULL);
	govdx_revision_free(r);
	r = d != NULL ? decide(auth, d, "publish", NULL) : NULL;
	if (!tap_check(r != NULL && r->state == GOVDX_REVISION_PUBLISHED && r->number == 1 &&
	                       r->entry_code != NULL &&
	                       !strncmp(r->entry_code, r->department_code,
	                                strlen(r->department_code)) &&
	                       strstr(r->entry_code, "-310102-") != NULL,
	               "published: revision 1, a code of its department and 类-项-目 (%s)",
	               r != NULL && r->entry_code ? r->entry_code : "none"))
		goto done;
	snprintf(code, sizeof code, "%s", r->entry_code);

	if (govdx_entry_sync(auth, code, &e, &err) != 0)
		tap_diag(&err);
	tap_check(e != NULL && e->revision == 1 && !e->retired && e->published_by != NULL &&
	                  !strcmp(e->published_by, "hebei-authority") && e->version > 0,
	          "the entry reads revision 1, published by hebei-authority");
	if (govdx_entry_revisions_sync(cat, code, NULL, &h, &err) != 0)
		tap_diag(&err);
	tap_check(h != NULL && h->n == 1 && h->items[0].number == 1 && h->items[0].id != NULL &&
	                  !strcmp(h->items[0].id, r->id),
	          "its history lists the publication with its revision id");
	if (govdx_revision_diff_sync(cat, r->id, &diff, &err) != 0)
		tap_diag(&err);
	tap_check(diff != NULL && diff->from == 0 && diff->n_fields > 0 && diff->n_added == 2,
	          "the differences of a new entry add every field and both items");

	retire.version = e != NULL ? e->version : 0;
	if (govdx_entry_transition_sync(auth, code, &retire, &retired, &err) != 0)
		tap_diag(&err);
	tap_check(retired != NULL && retired->retired && retired->retired_reason != NULL &&
	                  !strcmp(retired->retired_reason, retire.reason),
	          "retired with the entry's version: marked retired, with the reason");
done:
	govdx_revision_free(d);
	govdx_revision_free(r);
	govdx_revision_page_free(q);
	govdx_entry_revision_page_free(h);
	govdx_entry_free(e);
	govdx_entry_free(retired);
	govdx_diff_free(diff);
	govdx_client_free(cat);
	govdx_client_free(auth);
	return tap_finish();
}
