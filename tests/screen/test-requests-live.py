#!/usr/bin/env python3
"""Screen test, two consoles: the approver's inbox is open; the official
files a request in the other console (the form); it appears in the
approver's inbox, marked N, without any key pressed there.  The approver
approves it with a Chinese reason (and the official's console, showing the
request, follows live); rejecting another without a reason is refused,
both in the reason prompt and on the command line, and nothing is sent."""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import console  # noqa: E402
import reqfixtures  # noqa: E402
from govdxtest import Tap, api, token, wait_until  # noqa: E402

tap = Tap()
official, approver = reqfixtures.setup(tap)
otok, atok = token(official["user"]), token(approver["user"])
found = reqfixtures.entries(otok, approver["department"], "conditional", 1)
if not found:
    tap.skip_all("department %s publishes no conditional entry with items" % approver["department"])
entry = found[0]


def row_of(c, rid):
    return next((l for l in c.lines() if rid in l), None)


def find_row(c, rid):
    """Filters the queue down to one request and waits for its row."""
    c.keys("/")
    c.type(rid)
    c.keys("Enter")
    return c.wait(lambda s: "[/%s]" % rid in s and row_of(c, rid) is not None)


a = console.Console("reqlive-approver")
o = console.Console("reqlive-official")
try:
    a.start("--context", approver["user"])
    o.start("--context", official["user"])
    tap.ok(a.wait(console.connected) and o.wait(console.connected), "both consoles connect",
           a.last + o.last)
    a.keys("Q")
    s = a.wait(lambda s: "Requests: inbox" in s and "live" in s and "loading..." not in s,
               timeout=15)
    tap.ok(s, "Q opens the approver's inbox, live", a.last)
    tap.ok(s and "Requester" in s and "Left" in s, "the queue has its columns", a.last)
    tap.ok(all(console.width(l) <= 80 for l in a.lines()), "the queue fits 80 columns", a.last)

    # The official files a request with the form.
    o.keys(":")
    o.type("open " + entry["code"])
    o.keys("Enter")
    o.wait(lambda s: "Entry " + entry["code"] in s and "共享类型" in s)
    o.keys("r")
    o.wait(lambda s: "New sharing request" in s and "ticked" in s)
    o.type("办理低保资格复核")
    o.keys("Tab")
    o.type("《社会救助暂行办法》第十一条")
    o.keys("Tab", "a", "Tab", "Tab", "Tab", "Enter")
    s = o.wait(lambda s: "Request REQ-" in s and "filed: pending" in s, timeout=15)
    tap.ok(s, "the official files a request with the form", o.last)
    rid = next((l.split("Request ", 1)[1].split()[0] for l in o.lines() if "Request REQ-" in l), "")

    # It arrives in the approver's inbox without a key pressed there (the
    # status line says so; the row may sort below the screen).
    s = a.wait(lambda s: rid and ("live: %s arrived" % rid in s or row_of(a, rid)), timeout=40)
    tap.ok(s, "the new request arrives in the approver's inbox live (no R)", a.last)
    tap.ok(find_row(a, rid), "the filter finds its row", a.last)
    line = row_of(a, rid) or ""
    tap.ok(line[:2] == " N", "its row is marked N (new)", line)
    tap.ok("pending" in line and "d" in line, "the row shows its state and working days left", line)

    # Approve it with a reason.
    a.keys("a")
    tap.ok(a.wait("Approve %s — reason (optional" % rid), "a asks for an optional reason", a.last)
    a.type("材料齐全，同意共享")
    a.keys("Enter")
    tap.ok(a.wait("%s approved" % rid, timeout=15), "the status line says it is approved", a.last)
    r = reqfixtures.get(atok, rid)
    tap.ok(r.status == 200 and r.json["state"] == "approved" and
           r.json.get("decided_by") == approver["user"], "the service has it approved by the approver", r)
    au = api("GET", "/v1/audit?subject=request:" + rid, atok).json or {}
    tap.ok(any(e.get("action") == "approve" and e.get("reason") == "材料齐全，同意共享"
               for e in au.get("items", [])), "the audit trail holds the reason", au)
    tap.ok(o.wait(lambda s: "approved" in s and "材料齐全" in s, timeout=40),
           "the official's console shows the approval live, with its reason", o.last)

    # Reject another without a reason: refused, nothing sent.
    r2 = reqfixtures.file_request(otok, entry, "人员身份核验")
    tap.ok(r2.status == 201, "a second request is filed through the API", r2)
    rid2 = r2.json["id"] if r2.json else ""
    a.keys("/", "C-u")
    a.type(rid2)
    a.keys("Enter")
    tap.ok(a.wait(lambda s: row_of(a, rid2) is not None, timeout=40),
           "the second request arrives live too", a.last)
    a.keys("x")
    tap.ok(a.wait("Reject %s — reason (required)" % rid2), "x asks for a required reason", a.last)
    a.keys("Enter")
    s = a.wait("reject needs a reason")
    tap.ok(s and "Reject %s" % rid2 in s, "an empty reason is refused and the prompt stays", a.last)
    a.keys("Escape")
    a.keys(":")
    a.type('reject %s ""' % rid2)
    a.keys("Enter")
    tap.ok(a.wait("reject needs a reason"), ":reject with an empty reason is refused", a.last)
    r = reqfixtures.get(atok, rid2)
    tap.ok(r.status == 200 and r.json["state"] == "pending", "nothing was sent: still pending", r)

    # Enter opens the request with its history.
    a.keys("Enter")
    s = a.wait(lambda s: "Request " + rid2 in s and "History (1)" in s, timeout=15)
    tap.ok(s, "Enter opens the request and its history", a.last)
    tap.ok(s and "Can be done" in s and "a approve" in s, "the request says what can be done", a.last)
    # Deadlines that are near or past stand out with a mark, not colour alone.
    for flag, what in (("overdue", "an overdue"), ("due_soon", "a due-soon")):
        page = api("GET", "/v1/requests?box=inbox&%s=true&limit=1" % flag, atok).json or {}
        if not page.get("items"):
            tap.skip("%s request is marked !" % what, "the demo inbox has none")
            continue
        it = page["items"][0]
        a.keys("q")
        a.wait(lambda s: "Requests: inbox" in s)
        a.keys("/", "C-u")
        a.type(it["id"])
        a.keys("Enter")
        want = "%dd!" % it["working_days_left"]
        tap.ok(a.wait(lambda s: any(it["id"] in l and want in l for l in a.lines()), timeout=15),
               "%s request shows %s" % (what, want), a.last)
        a.keys("Enter")
    a.keys(":")
    a.type("q")
    a.keys("Enter")
    tap.ok(a.wait("EXIT=0"), "the approver's console quits normally", a.last)
finally:
    a.close()
    o.close()
tap.done()
