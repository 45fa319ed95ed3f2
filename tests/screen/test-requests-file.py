#!/usr/bin/env python3
"""Screen test: an official files sharing requests from entries with the
form (`r`): Chinese purpose and a two-line legal basis, the item checklist,
the period.  A conditional entry goes pending with its deadline and the
request opens; an unconditional one is approved at once; a `none` entry is
refused and the form shows the basis.  Blank fields are refused in the
form before anything is sent.  Esc on a form typed in asks before it
discards anything."""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import console  # noqa: E402
import reqfixtures  # noqa: E402
from govdxtest import Tap, api, token  # noqa: E402

tap = Tap()
official, approver = reqfixtures.setup(tap)
otok = token(official["user"])
dept = approver["department"]
conditional = reqfixtures.entries(otok, dept, "conditional", 1)
if not conditional:
    tap.skip_all("department %s publishes no conditional entry with items" % dept)
entry = conditional[0]


def open_form(c, code):
    c.keys(":")
    c.type("open " + code)
    c.keys("Enter")
    c.wait(lambda s: "Entry " + code in s and "共享类型" in s)
    c.keys("r")
    return c.wait(lambda s: "New sharing request" in s and "[ Submit ]" in s and
                  "ticked" in s and "loading the entry" not in s)


c = console.Console("reqfile")
try:
    c.start("--context", official["user"])
    tap.ok(c.wait(console.connected), "the official's console connects", c.last)
    s = open_form(c, entry["code"])
    tap.ok(s, "r on an entry opens the request form", c.last)
    tap.ok(s and entry["name"][:6] in s and "Purpose" in s and "Legal basis" in s and
           "Period" in s, "the form names the entry and has every field", c.last)
    tap.ok(all(console.width(l) <= 80 for l in c.lines()), "the form fits 80 columns", c.last)

    # Submit with nothing filled: refused in the form, nothing sent.
    c.keys("Tab", "Tab", "Tab", "Tab", "Tab")
    c.keys("Enter")
    tap.ok(c.wait("Purpose: say what the data is for"), "a blank purpose is refused in the form",
           c.last)

    # The cursor is back on Purpose: type it, then a two-line legal basis.
    c.type("核验申请人婚姻状况")
    c.keys("Tab")
    c.type("《婚姻登记条例》第五条")
    c.keys("C-o")
    c.type("依申请办理")
    c.keys("Tab")
    tap.ok(c.wait(lambda s: "核验申请人婚姻状况" in s and "依申请办理" in s),
           "Chinese text and a second line of the legal basis show in the form", c.last)
    c.keys("Tab", "Tab", "Tab")  # items, from, to -> Submit
    c.keys("Enter")
    tap.ok(c.wait("Items: tick at least one"), "no item ticked is refused", c.last)
    c.keys("a")
    n_items = len(entry["items"])
    tap.ok(c.wait("%d of %d ticked" % (n_items, n_items)), "a ticks every item", c.last)
    c.keys("Space")
    tap.ok(c.wait("%d of %d ticked" % (n_items - 1, n_items)), "Space unticks one", c.last)
    c.keys("Tab", "Tab", "Tab", "Enter")
    s = c.wait(lambda s: "Request REQ-" in s and "filed: pending" in s, timeout=15)
    tap.ok(s, "Submit files the request: pending, and the request opens", c.last)
    rid = None
    for line in c.lines():
        if "Request REQ-" in line:
            rid = line.split("Request ", 1)[1].split()[0]
    tap.ok(s and "reply due" in s, "the status line gives the reply deadline", c.last)
    tap.ok(s and "Purpose" in s and "核验申请人婚姻状况" in s, "the request shows its purpose", c.last)
    r = reqfixtures.get(otok, rid) if rid else None
    tap.ok(r and r.status == 200 and r.json["state"] == "pending" and
           r.json["purpose"] == "核验申请人婚姻状况" and
           r.json["legal_basis"] == "《婚姻登记条例》第五条\n依申请办理" and
           len(r.json["items"]) == n_items - 1,
           "the service has the request as typed (purpose, two-line basis, items)", r)
    tap.ok(c.wait("History ("), "the request shows its history", c.last)

    # Unconditional: approved at once.
    unconditional = reqfixtures.entries(otok, dept, "unconditional", 1)
    if not unconditional:
        tap.skip("an unconditional entry is approved at once", "no unconditional entry in " + dept)
    else:
        open_form(c, unconditional[0]["code"])
        c.type("统计分析")
        c.keys("Tab")
        c.type("《统计法》")
        c.keys("Tab", "a", "Tab", "Tab", "Tab", "Enter")
        tap.ok(c.wait("approved at once", timeout=15), "an unconditional entry is approved at once",
               c.last)

    # None: refused with the basis, the form stays.
    refused = reqfixtures.entries(otok, dept, "none", 1)
    if not refused:
        tap.skip("a none entry is refused with its basis", "no none entry in " + dept)
    else:
        open_form(c, refused[0]["code"])
        tap.ok(c.wait("not shared"), "the form warns that a none entry is not shared", c.last)
        c.type("执法检查")
        c.keys("Tab")
        c.type("《行政处罚法》")
        c.keys("Tab", "a", "Tab", "Tab", "Tab", "Enter")
        s = c.wait("Refused", timeout=15)
        tap.ok(s and "New sharing request" in s, "a none entry is refused and the form stays", c.last)
        tap.ok(s and "basis" in s, "the refusal shows the basis", c.last)
        # Typed in: the first Esc asks, another key goes back, Esc Esc leaves.
        c.keys("Escape")
        s = c.wait("Esc again discards this form")
        tap.ok(s and "New sharing request" in s and "执法检查" in s,
               "Esc on a form typed in asks before discarding it", c.last)
        c.keys("Tab")
        s = c.wait(lambda s: "Esc again discards" not in s)
        tap.ok(s and "New sharing request" in s and "执法检查" in s,
               "another key goes back to the form, text kept", c.last)
        c.keys("Escape")
        c.wait("Esc again discards this form")
        c.keys("Escape")
        tap.ok(c.wait(lambda s: "New sharing request" not in s and "request not filed" in s),
               "a second Esc leaves the form", c.last)
    # The official's own department's entry: warned as the form opens.
    own = api("GET", "/v1/entries?department=%s&limit=1" % official["department"], otok).json
    if own and own.get("items"):
        open_form(c, own["items"][0]["code"])
        tap.ok(c.wait("your own department's entry"),
               "a form for one's own department's entry warns at once", c.last)
        c.keys("Escape")
        c.wait(lambda s: "New sharing request" not in s)
    else:
        tap.skip("a form for one's own department's entry warns at once",
                 "department %s publishes nothing" % official["department"])
    # r works on an entry row of the directory list and of search results.
    depts = api("GET", "/v1/platforms/%s/departments?limit=200" % approver["platform"],
                otok).json["items"]
    di = [d["code"] for d in depts].index(dept)
    first = api("GET", "/v1/entries?department=%s&limit=1" % dept, otok).json["items"][0]
    c.keys(":")
    c.type("goto " + approver["platform"])
    c.keys("Enter")
    c.wait(lambda s: ": departments (%d)" % len(depts) in s)
    c.keys("Tab")
    for _ in range(di):
        c.keys("j")
    c.keys("Enter")
    c.wait(first["name"])
    c.keys("j", "r")
    s = c.wait(lambda s: "New sharing request" in s and first["code"] in s)
    tap.ok(s, "r on an entry row of the directory list opens the form for it", c.last)
    c.keys("Escape")
    c.keys(":")
    c.type("search " + entry["code"])
    c.keys("Enter")
    c.wait(lambda s: 'Search "%s"' % entry["code"] in s and entry["name"][:4] in s)
    c.keys("r")
    s = c.wait(lambda s: "New sharing request" in s and entry["code"] in s)
    tap.ok(s, "r on a search result opens the form for it", c.last)
    c.keys("Escape")
    c.keys(":")
    c.type("q")
    c.keys("Enter")
    tap.ok(c.wait("EXIT=0"), "the console quits normally", c.last)
finally:
    c.close()
tap.done()
