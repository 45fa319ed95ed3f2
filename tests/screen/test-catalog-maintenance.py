#!/usr/bin/env python3
"""Screen test: catalog maintenance (issue 15), each step typed by its
user in their own console at 80x24.  The cataloguer of 河北省民政厅 opens
one of the department's entries, presses E (a draft revision opens),
changes its abstract with :revise and :submit's it; the province's data
authority finds it in the review queue (V) and returns it with a reason
(b); the cataloguer submits it again; the authority publishes it (p).  The
entry then shows revision 2 and who published it; H lists its revisions
and Enter on r2 shows the changed abstract field by field (the old text
marked -, the new +), within 80 columns.  Last the authority retires an
entry (:retire, a reason asked for) and the entry view says 下架; and a
new entry's draft (:entry-new) opens in the same form and is saved from it."""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import console  # noqa: E402
from govdxtest import Tap, api, token, users  # noqa: E402

tap = Tap()
console.setup(tap)
us = {u["user"]: u for u in users()}
if "hebei-cataloguer" not in us or "hebei-authority" not in us:
    tap.skip_all("no demo hebei-cataloguer and hebei-authority")
ctok, atok = token("hebei-cataloguer"), token("hebei-authority")
r = api("GET", "/v1/revisions?queue=mine&limit=1", ctok)
if r.status in (404, 405):
    tap.skip_all("the service does not offer /v1/revisions yet (%d)" % r.status)
dept = us["hebei-cataloguer"]["department"]

# An entry of the department with no open revision (a run before may have
# left one), published.
entry = None
page = api("GET", "/v1/entries?department=%s&limit=60" % dept, ctok).json or {}
for e in page.get("items", [])[5:]:
    if e.get("status", "published") != "published":
        continue
    open_ = api("GET", "/v1/revisions?queue=all&entry=%s&limit=20" % e["code"], ctok).json
    if open_ and not any(x["state"] in ("draft", "submitted", "returned")
                         for x in open_.get("items", [])):
        entry = api("GET", "/v1/entries/" + e["code"], ctok).json
        break
if not entry:
    tap.skip_all("no entry of %s without an open revision" % dept)
code, before = entry["code"], entry.get("revision", 1)
new_abstract = entry["abstract"] + "（修订）"


def command(c, text):
    c.keys(":")
    c.type(text)
    c.keys("Enter")


def fits(c):
    return all(console.width(l) <= 80 for l in c.lines())


rid = None
cat = console.Console("catalog-cataloguer")
auth = console.Console("catalog-authority")
try:
    cat.start("--context", "hebei-cataloguer")
    tap.ok(cat.wait(console.connected), "the cataloguer's console connects", cat.last)
    command(cat, "open " + code)
    cat.keys("/")
    cat.type("发布日期")
    cat.keys("Enter")
    s = cat.wait(lambda s: "Entry " + code in s and "发布日期" in s, timeout=15)
    tap.ok(s and ("r%d" % before) in s,
           "the entry shows its revision number by its release date", cat.last)
    cat.keys("/", "C-u", "Enter")
    cat.keys("E")
    s = cat.wait(lambda s: "Edit a revision" in s and "REV-" in s, timeout=15)
    tap.ok(s, "E drafts a revision of the entry and opens it in the form", cat.last)
    for line in cat.lines():
        if "REV-" in line and code in line:
            rid = "REV-" + line.split("REV-", 1)[1].split()[0]
    tap.ok(s and fits(cat), "the form fits 80 columns", cat.last)
    # The service's refusal lands on its field: a classification whose
    # 类-项-目 is not the entry's code's.
    cat.keys("Tab", "C-u")
    cat.type("3-99-999-01")
    cat.keys(*(["Tab"] * 12), "Enter")
    s = cat.wait(lambda s: "Not saved" in s, timeout=15)
    tap.ok(s and "资源分类     3-99-999-01" in cat.lines()[2],
           "the service's refusal is shown, the form at the field it names", cat.last)
    cat.keys("C-u")
    cat.type(entry["classification"])
    cat.keys("Tab", "C-e")
    cat.type("（修订）")
    # Checked as you type: a sharing type no list has.
    cat.keys("Tab", "Tab", "Tab", "C-e")
    cat.type("x")
    tap.ok(cat.wait("共享类型: unconditional, conditional or none"),
           "a value no list has is named under its field as it is typed", cat.last)
    version = (api("GET", "/v1/revisions/" + rid, ctok).json or {}).get("version")
    cat.keys(*(["Tab"] * 8), "Enter")
    s = cat.wait(lambda s: "Edit a revision" in s and "共享类型     %sx" % entry["sharing_type"] in s)
    tap.ok(s and (api("GET", "/v1/revisions/" + rid, ctok).json or {}).get("version") == version,
           "Submit goes back to the field instead of sending", cat.last)
    cat.keys("BSpace", *(["Tab"] * 8), "Enter")
    tap.ok(cat.wait(lambda s: "%s saved" % rid in s, timeout=15), "Submit saves the draft",
           cat.last)
    rv = api("GET", "/v1/revisions/" + rid, ctok).json or {}
    tap.ok(rv.get("state") == "draft" and rv["fields"]["abstract"] == new_abstract and
           rv["fields"]["classification"] == entry["classification"],
           "the service has the draft as typed", rv.get("fields"))
    s = cat.wait(lambda s: "Revision " + rid in s and "draft" in s)
    tap.ok(s and ("revision %d of the entry" % before) in s,
           "the draft says which revision it edits", cat.last)
    command(cat, "revise sharing_type sometimes")
    tap.ok(cat.wait("sharing_type takes"), ":revise refuses a value no list has", cat.last)
    command(cat, "revise update_cycle " + entry["update_cycle"])
    tap.ok(cat.wait("update_cycle changed", timeout=15), ":revise changes one field",
           cat.last)
    command(cat, "submit")
    tap.ok(cat.wait(lambda s: "%s submitted" % rid in s, timeout=15), ":submit sends it",
           cat.last)
    tap.eq((api("GET", "/v1/revisions/" + rid, ctok).json or {}).get("state"), "submitted",
           "the service has it submitted")

    auth.start("--context", "hebei-authority")
    tap.ok(auth.wait(console.connected), "the authority's console connects", auth.last)
    auth.keys("V")
    s = auth.wait(lambda s: "Revisions: review" in s and rid in s, timeout=15)
    tap.ok(s, "V opens the review queue with the revision", auth.last)
    tap.ok(s and fits(auth), "the queue fits 80 columns", auth.last)
    auth.keys("/")
    auth.type(rid)
    auth.keys("Enter", "b")
    tap.ok(auth.wait("Return %s" % rid), "b asks for the reason to return it", auth.last)
    auth.keys("Enter")
    tap.ok(auth.wait("required"), "a blank reason is refused", auth.last)
    auth.type("摘要需写明更新周期")
    auth.keys("Enter")
    tap.ok(auth.wait("%s returned" % rid, timeout=15), "the status line says returned",
           auth.last)
    rv = api("GET", "/v1/revisions/" + rid, ctok).json or {}
    tap.ok(rv.get("state") == "returned" and rv.get("reason") == "摘要需写明更新周期",
           "the service has it returned with the reason", rv)

    # The cataloguer's open revision follows live (the revision's events).
    tap.ok(cat.wait(lambda s: "returned" in s and "摘要需写明更新周期" in s, timeout=15),
           "the open revision turns returned live, with the authority's reason", cat.last)
    command(cat, "submit " + rid)
    tap.ok(cat.wait(lambda s: "%s submitted" % rid in s, timeout=15),
           "the cataloguer submits it again", cat.last)

    command(auth, "revisions review")
    auth.wait(lambda s: rid in s, timeout=15)
    auth.keys("/", "C-u")
    auth.type(rid)
    auth.keys("Enter", "p")
    tap.ok(auth.wait("Publish %s" % rid), "p asks for an optional reason", auth.last)
    auth.keys("Enter")
    tap.ok(auth.wait("%s published" % rid, timeout=15), "the status line says published",
           auth.last)
    e = api("GET", "/v1/entries/" + code, atok).json or {}
    tap.ok(e.get("revision") == before + 1 and e.get("abstract") == new_abstract and
           e.get("published_by") == "hebei-authority",
           "the entry has the new revision, its abstract and its publisher", e)

    command(auth, "open " + code)
    auth.keys("/")
    auth.type("发布日期")
    auth.keys("Enter")
    s = auth.wait(lambda s: "Entry " + code in s and
                  ("r%d, published by hebei-authority" % (before + 1)) in s, timeout=15)
    tap.ok(s, "the entry shows the new revision and who published it", auth.last)
    auth.keys("/", "C-u", "Enter", "H")
    s = auth.wait(lambda s: "Revisions of " + code in s and
                  ("r%d" % (before + 1)) in s and "hebei-authority" in s, timeout=15)
    tap.ok(s and ("r%d" % before) in s, "H lists the entry's revisions, newest first",
           auth.last)
    auth.keys("Enter")
    s = auth.wait(lambda s: "Revision r%d of %s" % (before + 1, code) in s and
                  "信息资源摘要" in s, timeout=15)
    tap.ok(s, "Enter shows the revision with what it changed", auth.last)
    lines = auth.lines()
    minus = [l for l in lines if l.lstrip().startswith("-")]
    plus = [l for l in lines if l.lstrip().startswith("+")]
    tap.ok(minus and entry["abstract"][:8] in minus[0], "the old abstract is marked -",
           auth.last)
    tap.ok(plus and new_abstract[:8] in plus[0], "the new abstract is marked +", auth.last)
    tap.ok(fits(auth), "the diff view fits 80x24", auth.last)
    shot = auth.snapshot(escapes=True)[1] or ""
    plus_row = [l for l in shot.split("\n") if new_abstract[:8] in l]
    tap.ok(plus_row and "\x1b[" in plus_row[0], "the added text is drawn in its role",
           plus_row)

    # :retire, on an entry of its own made through the API (new, published).
    fields = {"name": "养老机构备案信息（下架测试）", "classification": "3-10-102-01",
              "abstract": "河北省民政厅在履行职责中形成的养老机构备案信息。", "format": "数据库",
              "items": [{"name": "机构名称", "data_type": "字符型C", "length": 200,
                         "shared": True}],
              "sharing_type": "unconditional", "sharing_method": "api",
              "open_attribute": "closed", "update_cycle": "每月"}
    rv = api("POST", "/v1/revisions", ctok, {"entry_code": None, "fields": fields}).json or {}
    for tok, action in ((ctok, "submit"), (atok, "publish")):
        rv = api("POST", "/v1/revisions/%s/transitions" % rv.get("id"), tok, {"action": action},
                 headers={"If-Match": '"%s"' % rv.get("version")}).json or {}
    gone = rv.get("entry_code")
    tap.ok(gone, "an entry to retire, published through the API", rv)
    command(auth, "open %s" % gone)
    auth.wait(lambda s: "Entry %s" % gone in s, timeout=15)
    command(auth, "retire")
    tap.ok(auth.wait("Retire %s" % gone), ":retire asks why", auth.last)
    auth.type("资源已由省大数据局统一归集")
    auth.keys("Enter")
    s = auth.wait(lambda s: "%s retired" % gone in s and "下架 养老机构备案信息" in s, timeout=15)
    tap.ok(s and "[retired]" in s, "retired: the title says 下架 [retired]", auth.last)
    e = api("GET", "/v1/entries/" + gone, atok).json or {}
    tap.ok(e.get("status") == "retired" and e.get("retired_reason") == "资源已由省大数据局统一归集",
           "the service has it retired with the reason", e)

    # A new entry's draft opens in the same form: no entry to wait for.
    command(cat, "entry-new 登记测试资源")
    s = cat.wait(lambda s: "Edit a revision" in s and "REV-" in s, timeout=15)
    tap.ok(s and "loading the entry" not in s, ":entry-new opens the new entry's draft in the form",
           cat.last)
    nid = None
    for line in cat.lines():
        if "REV-" in line:
            nid = "REV-" + line.split("REV-", 1)[1].split()[0]
            break
    cat.keys("Tab", "Tab")  # the abstract
    cat.type("新登记资源的摘要")
    cat.keys(*(["Tab"] * 11), "Enter")
    tap.ok(nid and cat.wait(lambda s: "%s saved" % nid in s, timeout=15),
           "Submit saves the new entry's draft", cat.last)
    rv = api("GET", "/v1/revisions/%s" % nid, ctok).json or {}
    tap.ok(rv.get("entry_code") is None and rv.get("fields", {}).get("abstract") == "新登记资源的摘要"
           and rv.get("fields", {}).get("name") == "登记测试资源",
           "the service has the new entry's draft as typed", rv)
finally:
    cat.close()
    auth.close()
tap.done()
