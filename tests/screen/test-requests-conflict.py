#!/usr/bin/env python3
"""Screen test: two decisions on one request.  The approver starts to
reject a request in the console; while the reason is being typed, the
request is approved elsewhere (through the API).  The console's rejection
is sent with the version it was taken on, the service refuses it (412), and
the console says who decided what and when, and shows the request as it
now is.  Nothing is applied twice: the request stays approved."""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import console  # noqa: E402
import reqfixtures  # noqa: E402
from govdxtest import Tap, token  # noqa: E402

tap = Tap()
official, approver = reqfixtures.setup(tap)
otok, atok = token(official["user"]), token(approver["user"])
found = reqfixtures.entries(otok, approver["department"], "conditional", 1)
if not found:
    tap.skip_all("department %s publishes no conditional entry with items" % approver["department"])
r = reqfixtures.file_request(otok, found[0], "冲突测试")
if r.status != 201:
    tap.skip_all("cannot file the fixture: %r" % r)
rid = r.json["id"]

c = console.Console("reqconflict")
try:
    c.start("--context", approver["user"])
    tap.ok(c.wait(console.connected), "the approver's console connects", c.last)
    c.keys(":")
    c.type("requests inbox")
    c.keys("Enter")
    c.wait(lambda s: "Requests: inbox" in s and "loading..." not in s, timeout=15)
    c.keys("/")
    c.type(rid)
    c.keys("Enter")
    tap.ok(c.wait(lambda s: any(rid in l and "pending" in l for l in c.lines()), timeout=20),
           "the request is in the inbox, pending", c.last)
    c.keys("x")
    tap.ok(c.wait("Reject %s — reason (required)" % rid), "x asks for the reason", c.last)
    c.type("依据不足")

    # Meanwhile someone else approves it.
    a = reqfixtures.transition(atok, rid, "approve", "同意")
    tap.ok(a.status == 200, "the request is approved elsewhere", a)
    tap.ok(c.wait(lambda s: any(rid in l and "approved" in l for l in c.lines()), timeout=40),
           "the row behind the prompt turns approved, live", c.last)

    c.keys("Enter")
    s = c.wait("%s was not rejected:" % rid, timeout=20)
    status = s.split("\n")[22] if s else ""
    tap.ok(s and "%s was not rejected:" % rid in status,
           "the rejection is refused: the request changed", c.last)
    tap.ok("%s approved it at " % approver["user"] in status,
           "the console says in words who did what and when", status)
    cur = reqfixtures.get(atok, rid).json
    tap.eq(cur["state"], "approved", "the request stays approved: nothing applied twice")
    c.keys("Enter")
    s = c.wait(lambda s: "Request " + rid in s and "Last action" in s, timeout=15)
    tap.ok(s and "reject refused: %s approved it" % approver["user"] in s,
           "the request shows the refused action", c.last)
    # The history arrives after the detail, and may lie below the screen:
    # a settled screen (no call in flight) has it; then go to the end.
    c.wait(lambda s: "Request " + rid in s, timeout=15)
    c.keys("G")
    hist = lambda: [l for l in c.lines() if approver["user"] in l and "->" in l]
    s = c.wait(lambda s: any(" approve " in l for l in hist()), timeout=15)
    rows = hist()
    tap.ok(s and any(" approve " in l for l in rows) and not any(" reject " in l for l in rows),
           "its history holds the approval and no rejection", c.last)
    # Decided already, and known here: the service offers nothing on it
    # now, so a reason given on the line is refused at once, nothing sent,
    # saying who did what and when.
    c.keys(":")
    c.type('reject %s "再次驳回"' % rid)
    c.keys("Enter")
    s = c.wait(lambda s: "%s not rejected:" % rid in s.split("\n")[22], timeout=20)
    tap.ok(s and "not rejected: approved by %s at " % approver["user"] in s.split("\n")[22],
           "a decision on a case decided before is refused at once, saying who did what and when",
           c.last)
    # Too long for 80 columns: cut, and it says where the whole of it is.
    tap.ok(s and s.split("\n")[22].rstrip().endswith("… M"),
           "the cut message points to the messages view (M)", s and s.split("\n")[22])
    tap.eq(reqfixtures.get(atok, rid).json["state"], "approved", "still approved")
    c.keys(":")
    c.type("q")
    c.keys("Enter")
    tap.ok(c.wait("EXIT=0"), "the console quits normally", c.last)
finally:
    c.close()
tap.done()
