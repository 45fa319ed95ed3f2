#!/usr/bin/env python3
"""Screen test: bulk work after mutt.  Four requests are filed through the
API; the approver tags three (t and :tag-pattern), filters the queue so
that one tagged row is hidden, and `;a` approves the tagged rows after ONE
confirmation that says how many the filter hides.  The three are approved,
the untagged one is not, and the tags of the approved rows are gone."""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import console  # noqa: E402
import reqfixtures  # noqa: E402
from govdxtest import Tap, token, wait_until  # noqa: E402

tap = Tap()
official, approver = reqfixtures.setup(tap)
otok, atok = token(official["user"]), token(approver["user"])
two = reqfixtures.entries(otok, approver["department"], "conditional", 2)
if len(two) < 2:
    tap.skip_all("department %s has fewer than two conditional entries with items"
                 % approver["department"])
x, y = two

ids = []
for e, purpose in ((x, "批量审核一"), (x, "批量审核二"), (y, "批量审核三"), (x, "批量审核四")):
    r = reqfixtures.file_request(otok, e, purpose)
    if r.status != 201:
        tap.skip_all("cannot file the fixtures: %r" % r)
    ids.append(r.json["id"])
tagged, untagged = ids[:3], ids[3]

c = console.Console("reqbulk")
try:
    c.start("--context", approver["user"])
    tap.ok(c.wait(console.connected), "the approver's console connects", c.last)
    c.keys(":")
    c.type("requests inbox pending")
    c.keys("Enter")
    tap.ok(c.wait(lambda s: "Requests: inbox · pending" in s and "loading..." not in s, timeout=15),
           ":requests inbox pending shows the pending inbox", c.last)

    # New requests sort last (the latest deadline): page down to them.
    def all_loaded():
        s = c.screen()
        if all(i in s for i in ids):
            return True
        c.keys("G")
        return False
    tap.ok(wait_until(all_loaded, timeout=30, interval=0.2), "G pages down to the new requests",
           c.last)

    # t tags the row under the cursor; :tag-pattern tags by text.
    c.keys("/")
    c.type(tagged[0])
    c.keys("Enter")
    c.wait(lambda s: "[/%s]" % tagged[0] in s)
    c.keys("t")
    tap.ok(c.wait(lambda s: "1 tagged" in s), "t tags the row (the status line counts it)", c.last)
    tap.ok(any(l.lstrip().startswith("*") and tagged[0] in l for l in c.lines()),
           "the tagged row is marked *", c.last)
    c.keys("/", "C-u", "Enter")
    for rid in tagged[1:]:
        c.keys(":")
        c.type("tag-pattern " + rid)
        c.keys("Enter")
    tap.ok(c.wait(lambda s: "3 tagged" in s), ":tag-pattern tags the other two", c.last)

    # Filter so that the row of the other entry (tagged) is hidden.
    c.keys("/")
    c.type(x["name"])
    c.keys("Enter")
    s = c.wait(lambda s: "[/" in s and tagged[2] not in s and tagged[0] in s)
    tap.ok(s, "the filter hides the third tagged row", c.last)

    c.keys("\\;")  # tmux reads a bare ; as its command separator
    tap.ok(c.wait("; next action: 3 tagged"), "; announces the tagged rows", c.last)
    c.keys("a")
    tap.ok(c.wait("Approve 3 tagged requests"), ";a asks for one reason for all", c.last)
    c.type("批量同意")
    c.keys("Enter")
    s = c.wait("Approve 3 requests (1 hidden by the filter)? y/n")
    tap.ok(s, "the confirmation says how many and that 1 is hidden by the filter", c.last)
    states = [reqfixtures.get(atok, i).json["state"] for i in tagged]
    tap.ok(states == ["pending"] * 3, "nothing is sent before the answer", states)
    c.keys("y")
    tap.ok(c.wait(lambda s: "3 approved" in s.split("\n")[22], timeout=20), "the status line says 3 approved", c.last)
    states = [reqfixtures.get(atok, i).json["state"] for i in tagged]
    tap.eq(states, ["approved"] * 3, "the three tagged requests are approved")
    tap.eq(reqfixtures.get(atok, untagged).json["state"], "pending", "the untagged one is not")
    tap.ok(c.wait(lambda s: "tagged" not in s.split("\n")[22]), "the approved rows are untagged",
           c.last)

    # Nothing is applied twice: the same tags are gone, ; has nothing to act on.
    c.keys("\\;")  # tmux reads a bare ; as its command separator
    tap.ok(c.wait("no rows are tagged"), "; with nothing tagged says so", c.last)

    # A failure is reported per row: one of two tagged requests is withdrawn
    # by its requester while the reason is typed (the row follows live), the
    # other approved.
    more = [reqfixtures.file_request(otok, x, p) for p in ("批量审核五", "批量审核六")]
    more_ids = [r.json["id"] for r in more if r.status == 201]

    def both_shown():
        # New rows sort last (same deadline, higher ids), and the queue may
        # be longer than the screen when earlier runs left pending requests
        # behind: G shows its end.
        c.keys("G")
        s = c.screen()
        return s if all(i in s for i in more_ids) else None
    tap.ok(len(more_ids) == 2 and wait_until(both_shown, timeout=40, interval=0.2),
           "two more requests arrive live in the filtered queue", c.last)
    for rid in more_ids:
        c.keys(":")
        c.type("tag-pattern " + rid)
        c.keys("Enter")
    tap.ok(c.wait(lambda s: "2 tagged" in s), "both are tagged", c.last)
    c.keys("\\;", "a")
    c.wait("Approve 2 tagged requests")
    w = reqfixtures.transition(otok, more_ids[1], "withdraw")
    tap.ok(w.status == 200, "meanwhile the requester withdraws one through the API", w)
    # Withdrawn, it is not pending any more: it leaves the pending queue
    # (and its count) behind the prompt, but stays tagged.
    tap.ok(c.wait(lambda s: not any(more_ids[1] in l for l in c.lines()[3:17]) and
                  "Approve 2 tagged requests" in s, timeout=40),
           "the withdrawn row leaves the pending queue live, behind the prompt", c.last)
    c.keys("Enter")
    tap.ok(c.wait("Approve 2 requests? y/n"),
           "the confirmation counts the two decided on", c.last)
    c.keys("y")
    s = c.wait("1 approved, 1 failed", timeout=20)
    tap.ok(s and more_ids[1] in s.split("\n")[22], "the status line names the row that failed", c.last)
    tap.eq(reqfixtures.get(atok, more_ids[0]).json["state"], "approved", "the other one is approved")
    # A move clears the long message; the tag count shows again.
    c.keys("k")
    tap.ok(c.wait(lambda s: "1 tagged" in c.lines()[22] and
                  not any(l.startswith("*") and more_ids[0] in l for l in c.lines())),
           "the failed row keeps its tag, the approved one loses it", c.last)
    c.keys(":")
    c.type("results")
    c.keys("Enter")
    s = c.wait(lambda s: "Results of the last decisions" in s and "1 approved, 1 failed" in s)
    lines = c.lines()
    tap.ok(s and any(more_ids[0] in l and "approved" in l for l in lines) and
           any(more_ids[1] in l and "failed:" in l for l in lines),
           ":results lists each decision with its outcome", c.last)
    c.keys("q")
    c.keys(":")
    c.type("q")
    c.keys("Enter")
    tap.ok(c.wait("EXIT=0"), "the console quits normally", c.last)
finally:
    c.close()
tap.done()
