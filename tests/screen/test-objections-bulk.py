#!/usr/bin/env python3
"""Screen test: the helpdesk's bulk work on objections, with the same
machinery as requests.  Two objections raised through the API arrive live
in the helpdesk box (marked N); both are tagged and `;a` accepts them after
one confirmation; the provider corrects them through the API and the rows
follow live; `;c` closes both after one confirmation, and the entries lose
their dispute mark."""
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import console  # noqa: E402
import objfixtures  # noqa: E402
from govdxtest import Tap, token  # noqa: E402

tap = Tap()
official, helpdesk, approver = objfixtures.setup(tap)
otok, htok, atok = (token(u["user"]) for u in (official, helpdesk, approver))
# Not the first undisputed entry: the life-cycle test works on that one.
two = objfixtures.undisputed(otok, approver["department"], 2, skip=1)
if len(two) < 2:
    tap.skip_all("department %s has fewer than three undisputed entries" % approver["department"])


def rows_with(c, *words):
    return [l for l in c.lines() if all(w in l for w in words)]


c = console.Console("objbulk")
try:
    c.start("--context", helpdesk["user"])
    tap.ok(c.wait(console.connected), "the helpdesk's console connects", c.last)
    c.keys("O")
    tap.ok(c.wait(lambda s: "Objections: helpdesk" in s and "live" in s.split("\n")[1] and
                  "live: starting" not in s and "loading..." not in s, timeout=15),
           "O opens the helpdesk box, live", c.last)
    c.keys(":")
    c.type("objections helpdesk raised")
    c.keys("Enter")
    c.wait(lambda s: "Objections: helpdesk · raised" in s and "loading..." not in s, timeout=15)
    ids = []
    for e, text in zip(two, ("批量受理一：数据项缺失", "批量受理二：更新不及时")):
        r = objfixtures.raise_objection(otok, e["code"], text, kind="outdated")
        if not tap.ok(r.status == 201, "an objection is raised through the API", r):
            raise SystemExit(tap.done())
        ids.append(r.json["id"])
    # Raised now: they sort last (no deadline, the highest ids).

    def both_shown(s):
        if all(rows_with(c, i, "raised") for i in ids):
            return True
        c.keys("G")
        return False
    s = c.wait(both_shown, timeout=40)
    tap.ok(s, "both arrive live in the raised queue", c.last)
    # G put the cursor on the last row there was then (looked at: no N
    # any more): on the first if it came alone, else on the second.
    tap.ok(s and any(rows_with(c, "N " + i) for i in ids) and
           all(rows_with(c, i, "数据过时") for i in ids),
           "marked N as new, with their kind", c.last)
    for i in ids:
        c.keys(":")
        c.type("tag-pattern " + i)
        c.keys("Enter")
    tap.ok(c.wait(lambda s: "2 tagged" in s), "both are tagged", c.last)
    # In the request queue they are named apart: ; there acts on requests.
    c.keys(":")
    c.type("requests")
    c.keys("Enter")
    tap.ok(c.wait(lambda s: "Requests:" in s and "2 objections tagged" in s.split("\n")[22]),
           "the request queue names the tagged objections apart", c.last)
    c.keys("q")
    c.wait(lambda s: "Objections:" in s and " 2 tagged" in s.split("\n")[22])
    c.keys("\\;")  # tmux reads a bare ; as its command separator
    c.keys("a")
    tap.ok(c.wait("Accept 2 tagged objections"), ";a asks once for both", c.last)
    c.keys("Enter")
    tap.ok(c.wait("Accept 2 objections? y/n"), "one confirmation counts them", c.last)
    tap.eq([objfixtures.get(htok, i).json["state"] for i in ids], ["raised"] * 2,
           "nothing is sent before the answer")
    c.keys("y")
    tap.ok(c.wait(lambda s: "2 accepted" in s.split("\n")[22], timeout=20), "the status line says 2 accepted", c.last)
    tap.eq([objfixtures.get(htok, i).json["state"] for i in ids], ["verifying"] * 2,
           "both are verifying")
    tap.ok(all(objfixtures.entry(htok, e["code"])["disputed"] for e in two),
           "both entries are disputed")

    # The provider corrects them; the rows follow live in the all box.
    c.keys("4")
    c.wait(lambda s: "Objections: all" in s and "loading..." not in s, timeout=15)
    for i in ids:
        r = objfixtures.transition(atok, i, "correct", "已按来源系统更正")
        tap.ok(r.status == 200, "the provider corrects %s through the API" % i, r)

    # Corrected, they join the helpdesk's acting part (it closes them),
    # whose end is somewhere in the middle of the box: look at each screen
    # of the list in turn, from the top again after the last one.
    def both_corrected(s):
        if all(rows_with(c, i, "corrected") for i in ids):
            return True
        at_end = re.search(r"\b(\d+)/\1\s*$", s.split("\n")[22])
        c.keys("g" if at_end else "C-f")
        return False
    s = c.wait(both_corrected, timeout=40)
    tap.ok(s, "the rows change to corrected live", c.last)
    for i in ids:
        c.keys(":")
        c.type("tag-pattern " + i)
        c.keys("Enter")
    c.wait(lambda s: "2 tagged" in s)
    c.keys("\\;", "c")
    tap.ok(c.wait("Close 2 tagged objections"), ";c asks once for both (reason optional)",
           c.last)
    c.keys("Enter")
    tap.ok(c.wait("Close 2 objections? y/n"), "one confirmation counts them", c.last)
    c.keys("y")
    tap.ok(c.wait(lambda s: "2 closed" in s.split("\n")[22], timeout=20), "the status line says 2 closed", c.last)
    tap.eq([objfixtures.get(htok, i).json["state"] for i in ids], ["closed"] * 2,
           "both are closed")
    tap.ok(not any(objfixtures.entry(htok, e["code"])["disputed"] for e in two),
           "neither entry is disputed any more")
    tap.ok(c.wait(lambda s: "tagged" not in s.split("\n")[22]), "the closed rows are untagged",
           c.last)
    c.keys(":")
    c.type("q")
    c.keys("Enter")
    tap.ok(c.wait("EXIT=0"), "the console quits normally", c.last)
finally:
    c.close()
tap.done()
