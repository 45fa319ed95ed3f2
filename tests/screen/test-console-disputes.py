#!/usr/bin/env python3
"""Screen test: what the console says about a disputed entry (异议), typed
by an official who raised an objection and filed a request on the same
entry.  `:open OBJ-…` opens the objection; the entry view lists the
objections against it that the console has loaded (id, state, days left,
kind), Enter on one opens it, and `D` opens the objection queue filtered to
the entry.  The request's detail shows the entry's 异议 mark, and its
hint line and `Can be done` offer the requester's actions only — never
approve, reject or return."""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import console  # noqa: E402
import objfixtures  # noqa: E402
import reqfixtures  # noqa: E402
from govdxtest import Tap, api, token  # noqa: E402

tap = Tap()
official, helpdesk, approver = objfixtures.setup(tap)
otok, htok, atok = (token(u["user"]) for u in (official, helpdesk, approver))
# Entries the lifecycle and bulk tests take first are left alone.
entry = None
for e in objfixtures.undisputed(otok, approver["department"], 8, skip=4):
    if e.get("sharing_type") == "conditional":
        entry = e
        break
if not entry:
    tap.skip_all("department %s has no undisputed conditional entry" % approver["department"])


def command(c, text):
    c.keys(":")
    c.type(text)
    c.keys("Enter")


r = objfixtures.raise_objection(otok, entry["code"], "登记日期与原始记录不一致", kind="inconsistent")
if r.status != 201:
    tap.skip_all("cannot raise an objection: %d %s" % (r.status, r.body[:200]))
oid = r.json["id"]
rid = None
c = console.Console("disputes")
try:
    r = objfixtures.transition(htok, oid, "accept")
    tap.ok(r.status == 200 and r.json["state"] == "verifying", "the helpdesk accepts it", r)
    r = reqfixtures.file_request(otok, entry, "核验登记信息")
    tap.ok(r.status == 201 and r.json["state"] == "pending", "a pending request on the entry", r)
    rid = r.json.get("id") if r.json else None

    c.start("--context", official["user"])
    tap.ok(c.wait(console.connected), "the official's console connects", c.last)
    command(c, "open " + oid)
    s = c.wait(lambda s: "Objection " + oid in s and "verifying" in s, timeout=15)
    tap.ok(s, ":open OBJ-… opens the objection", c.last)

    # The entry lists the objection against it.
    command(c, "open " + entry["code"])
    # The entry's title (its sections may lie below the first screen).
    s = c.wait(lambda s: "Entry " + entry["code"] in s, timeout=15)
    c.keys("/")
    c.type(oid)
    c.keys("Enter")
    s = c.wait(lambda s: any(oid in l and "verifying" in l and "数据不一致" in l
                             for l in c.lines()), timeout=15)
    tap.ok(s, "the entry view lists the objection: id, state, kind", c.last)
    tap.ok(s and any(oid in l and "d " in l + " " for l in c.lines()),
           "... with its working days left", c.last)
    c.keys("Enter")
    tap.ok(c.wait(lambda s: "Objection " + oid in s and "Can be done" in s, timeout=15),
           "Enter on it opens the objection", c.last)
    c.keys("q")
    tap.ok(c.wait(lambda s: "Entry " + entry["code"] in s), "q goes back to the entry", c.last)
    c.keys("D")
    s = c.wait(lambda s: "Objections: all · entry %s" % entry["code"] in s and oid in s and
               "loading" not in s, timeout=15)
    tap.ok(s, "D opens the queue of the entry's objections, as the service lists them", c.last)
    listed = api("GET", "/v1/objections?box=all&entry=%s&limit=200" % entry["code"], otok).json
    ids = [o["id"] for o in (listed or {}).get("items", [])]
    rows = [l for l in c.lines() if "OBJ-" in l]
    tap.ok(ids and oid in ids and len(rows) == min(len(ids), 18) and
           all(any(i in l for i in ids) for l in rows),
           "... every row one of the entry's, and all of them", (ids, rows))

    # The request shows the mark, and offers the requester's actions only.
    if rid:
        command(c, "open " + rid)
        s = c.wait(lambda s: "Request " + rid in s and "异议 disputed" in s, timeout=15)
        tap.ok(s, "the request detail shows the entry's 异议 mark", c.last)
        lines = c.lines()
        can = [l for l in lines if "Can be done" in l]
        tap.ok(can and "w withdraw" in can[0] and "approve" not in can[0],
               "Can be done: the requester's withdraw only", can)
        tap.ok("w withdraw" in lines[-1] and "approve" not in lines[-1] and
               "reject" not in lines[-1], "the hint line offers withdraw, not approve",
               lines[-1])
    else:
        tap.skip("the request detail shows the entry's 异议 mark", "no request was filed")
finally:
    c.close()
    if rid:
        reqfixtures.case_transition(otok, "requests", rid, "withdraw")
    objfixtures.transition(atok, oid, "uphold", "数据与来源系统一致")
    objfixtures.transition(htok, oid, "close")
tap.done()
