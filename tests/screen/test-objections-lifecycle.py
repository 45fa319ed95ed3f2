#!/usr/bin/env python3
"""Screen test: an objection's whole life, each step typed by its user in
their own console.  An official raises an objection against one
information item of an entry (`o` on the item's row: the form has the item
chosen); the helpdesk, with the entry on screen in the directory, accepts
it and sees the entry flagged 异议 there (and in search results); the
provider's approver verifies it (correct, with a note — a blank note is
refused); the helpdesk closes it with `:close OBJ-…` and the flag goes from
the directory.  The service has every step, and the objection's history
lists them.  Last the official reopens it (a reason is required) and the
entry is disputed again."""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import console  # noqa: E402
import objfixtures  # noqa: E402
from govdxtest import Tap, token  # noqa: E402

tap = Tap()
official, helpdesk, approver = objfixtures.setup(tap)
otok, htok, atok = (token(u["user"]) for u in (official, helpdesk, approver))
found = objfixtures.undisputed(otok, approver["department"], 1)
if not found:
    tap.skip_all("department %s has no undisputed entry with two items" % approver["department"])
entry = found[0]
item = entry["items"][1]["name"]
short = entry["name"][:6]


def command(c, text):
    c.keys(":")
    c.type(text)
    c.keys("Enter")


def filter_to(c, oid, state):
    """Filters a queue down to one objection; its row once it shows."""
    c.keys("/")
    c.type(oid)
    c.keys("Enter")
    return c.wait(lambda s: any(oid in l and state in l for l in c.lines()), timeout=15)


def dir_row(c):
    """The directory list's row of the entry (the right pane), or None."""
    for line in c.lines()[2:14]:
        right = line.split("│", 1)[-1]
        if short in right:
            return right
    return None


def show_in_directory(c):
    """Walks the helpdesk's directory to the entry's row: its platform,
    the list pane, its department opened, filtered to the entry."""
    command(c, "goto " + entry["platform_code"])
    c.wait(lambda s: "departments (" in s and "departments (0)" not in s, timeout=15)
    c.keys("Tab")
    c.wait(lambda s: ">" in s.split("\n")[1])
    c.keys("/")
    c.type(entry["department_name"])
    c.keys("Enter")
    c.wait(lambda s: "[/%s]" % entry["department_name"] in s)
    c.keys("Enter")  # open the department
    c.wait(lambda s: short in s, timeout=15)
    c.keys("/", "C-u")
    c.type(entry["name"])
    c.keys("Enter")
    return c.wait(lambda s: dir_row(c) is not None)


oid = None
c = console.Console("objlife-official")
try:
    c.start("--context", official["user"])
    tap.ok(c.wait(console.connected), "the official's console connects", c.last)
    command(c, "open " + entry["code"])
    c.wait(lambda s: "Entry " + entry["code"] in s)
    c.keys("/")
    c.type(item)
    c.keys("Enter")
    c.wait(lambda s: "[/%s]" % item in s)
    c.keys("G", "o")  # the item's row is the last one the filter keeps
    s = c.wait(lambda s: "Raise an objection" in s and "[ Submit ]" in s and
               "loading the entry" not in s)
    tap.ok(s, "o on an item row opens the objection form", c.last)
    tap.ok(s and ("< %s >" % item) in s, "the form has the item chosen", c.last)
    tap.ok(s and "数据错误 incorrect" in s, "the kind starts at 数据错误", c.last)
    tap.ok(all(console.width(l) <= 80 for l in c.lines()), "the form fits 80 columns", c.last)
    c.keys("Space")
    tap.ok(c.wait("< 数据不完整 incomplete >"), "Space chooses the next kind", c.last)
    # Submit with no description: refused in the form, nothing sent.
    c.keys("Tab", "Tab", "Tab", "Tab", "Tab", "Enter")
    tap.ok(c.wait("Description: say what is wrong"), "a blank description is refused", c.last)
    c.type("统一社会信用代码与登记证书不一致")
    c.keys("C-o")
    c.type("共三条记录")
    c.keys("Tab")
    c.type("登记证书扫描件")
    c.keys("Tab", "Enter")
    s = c.wait(lambda s: "Objection OBJ-" in s and "raised" in s, timeout=15)
    tap.ok(s, "Submit raises the objection and it opens", c.last)
    for line in c.lines():
        if "Objection OBJ-" in line:
            oid = line.split("Objection ", 1)[1].split()[0]
    o = objfixtures.get(otok, oid).json if oid else None
    tap.ok(o and o["state"] == "raised" and o["item"] == item and o["kind"] == "incomplete" and
           o["description"] == "统一社会信用代码与登记证书不一致\n共三条记录" and
           o["evidence"] == "登记证书扫描件" and o["raiser_user"] == official["user"],
           "the service has it as typed (item, kind, two-line description, evidence)", o)
    tap.ok(s and "(the whole entry)" not in s and item in s, "the objection names its item",
           c.last)
finally:
    c.close()
if not oid:
    tap.done()

h = console.Console("objlife-helpdesk")
try:
    h.start("--context", helpdesk["user"])
    tap.ok(h.wait(console.connected), "the helpdesk's console connects", h.last)
    s = show_in_directory(h)
    tap.ok(s and "异议" not in dir_row(h), "the directory shows the entry, not flagged", h.last)
    command(h, "objections helpdesk raised")
    h.wait(lambda s: "Objections: helpdesk · raised" in s and "loading..." not in s, timeout=15)
    s = filter_to(h, oid, "数据不完整")
    tap.ok(s, "the objection is in the helpdesk box with its kind", h.last)
    h.keys("a")
    tap.ok(h.wait("Accept %s — reason (optional" % oid), "a asks for an optional reason",
           h.last)
    h.keys("Enter")
    tap.ok(h.wait("%s accepted" % oid, timeout=15), "the status line says accepted", h.last)
    tap.eq(objfixtures.get(htok, oid).json["state"], "verifying",
           "the service has it verifying")
    tap.ok(objfixtures.entry(htok, entry["code"])["disputed"], "the entry is disputed")
    h.keys("q")  # back to the directory, which had the entry on screen
    s = h.wait(lambda s: (dir_row(h) or "").lstrip().startswith("异议"), timeout=15)
    tap.ok(s, "the directory flags the entry 异议 without a refresh", h.last)
    command(h, "search " + entry["code"])
    s = h.wait(lambda s: 'Search "%s"' % entry["code"] in s and "异议 " + short in s,
               timeout=15)
    tap.ok(s, "search results flag it too", h.last)
    h.keys("Enter")
    s = h.wait(lambda s: "异议 " in s and "[disputed]" in s, timeout=15)
    tap.ok(s, "the entry view flags it in its title", h.last)
    h.keys("q", "q")
finally:
    h.close()

a = console.Console("objlife-provider")
try:
    a.start("--context", approver["user"])
    tap.ok(a.wait(console.connected), "the approver's console connects", a.last)
    a.keys("O")
    a.wait(lambda s: "Objections: provider" in s and "loading..." not in s, timeout=15)
    s = filter_to(a, oid, "verifying")
    tap.ok(s, "O opens the provider box, which has the objection verifying", a.last)
    tap.ok(s and any(oid in l and "d" in l.split("verifying", 1)[1][:8]
                     for l in a.lines() if "verifying" in l),
           "its row shows the working days left", a.last)
    a.keys("Enter")
    s = a.wait(lambda s: "Objection " + oid in s and "Entry marked" in s, timeout=15)
    tap.ok(s and "v correct" in s, "the objection says the provider may correct it", a.last)
    a.keys("v")
    tap.ok(a.wait("Correct %s — note (required)" % oid), "v asks for a required note", a.last)
    a.keys("Enter")
    tap.ok(a.wait("correct needs a note"), "a blank note is refused", a.last)
    a.type("已更正三条记录的统一社会信用代码")
    a.keys("Enter")
    tap.ok(a.wait("%s corrected" % oid, timeout=15), "the status line says corrected", a.last)
    o = objfixtures.get(atok, oid).json
    tap.ok(o["state"] == "corrected" and o["note"] == "已更正三条记录的统一社会信用代码",
           "the service has it corrected with the note", o)
    tap.ok(a.wait(lambda s: "Note" in s and "已更正三条记录" in s), "the note shows", a.last)
    a.keys("e")
    tap.ok(a.wait(lambda s: "Entry " + entry["code"] in s and "[disputed]" in s, timeout=15),
           "e opens the disputed entry", a.last)
finally:
    a.close()

h = console.Console("objlife-close")
try:
    h.start("--context", helpdesk["user"])
    tap.ok(h.wait(console.connected), "the helpdesk's console connects again", h.last)
    s = show_in_directory(h)
    tap.ok(s and dir_row(h).lstrip().startswith("异议"), "the directory still flags the entry",
           h.last)
    command(h, "close " + oid)
    tap.ok(h.wait("Close %s — reason (optional" % oid), ":close OBJ-… asks as for an objection",
           h.last)
    h.keys("Enter")
    tap.ok(h.wait("%s closed" % oid, timeout=15), "the status line says closed", h.last)
    tap.eq(objfixtures.get(htok, oid).json["state"], "closed", "the service has it closed")
    tap.ok(not objfixtures.entry(htok, entry["code"])["disputed"], "the entry is not disputed")
    s = h.wait(lambda s: dir_row(h) is not None and "异议" not in dir_row(h), timeout=15)
    tap.ok(s, "the flag is gone from the directory", h.last)
    command(h, "approve " + oid)
    tap.ok(h.wait("approve is not an action on objections"),
           "a request action on an objection is refused", h.last)
    h.keys("O")
    h.wait(lambda s: "Objections: helpdesk" in s)
    command(h, "objections all closed")
    h.wait(lambda s: "Objections: all · closed" in s and "loading..." not in s, timeout=15)
    # Typed ahead, with no wait between: the filter, then Enter opens
    # exactly the row the filter left under the cursor.
    h.keys("/")
    h.type(oid)
    h.keys("Enter", "Enter")
    s = h.wait("Objection " + oid, timeout=15)
    st = h.state() or {}
    tap.ok(s and st.get("view") == "objection" and st.get("row") == "objection:" + oid,
           "/ID Enter Enter typed ahead opens exactly that objection", (st, h.last))

    def history_shown(s):
        if "History (4)" in s and "close " in s:
            return True
        h.keys("G")  # the history is below the fields: go to its end
        return False
    s = h.wait(history_shown, timeout=15)
    tap.ok(s and all(w in s for w in ("raise", "accept", "correct", "close")),
           "the history lists raise, accept, correct and close", h.last)
    command(h, "q")
    tap.ok(h.wait("EXIT=0"), "the console quits normally", h.last)
finally:
    h.close()

# The raiser may reopen it within its reopen window; the mark comes back.
r = console.Console("objlife-reopen")
try:
    r.start("--context", official["user"])
    tap.ok(r.wait(console.connected), "the official's console connects again", r.last)
    r.keys("O")
    r.wait(lambda s: "Objections: raised" in s and "loading..." not in s, timeout=15)
    tap.ok(filter_to(r, oid, "closed"), "O opens the raised box, with the closed objection",
           r.last)
    r.keys("r")
    tap.ok(r.wait("Reopen %s — reason (required)" % oid), "r asks for a required reason", r.last)
    r.type("更正后仍有一条记录不一致")
    r.keys("Enter")
    tap.ok(r.wait("%s reopened" % oid, timeout=15), "the status line says reopened", r.last)
    o = objfixtures.get(otok, oid).json
    tap.ok(o["state"] == "verifying" and o["deadline"], "it is verifying again, with a deadline",
           o)
    tap.ok(objfixtures.entry(otok, entry["code"])["disputed"], "the entry is disputed again")
    # The detail says whose the reason is: the raiser's reopen, not the
    # helpdesk's close that was the last decision.
    r.keys("Enter")
    s = r.wait(lambda s: "Objection " + oid in s and "Reason given" in s,
               timeout=15)
    line = next((l for l in r.lines() if "Reason given" in l), "")
    tap.ok(s and "reopen" in line and official["user"] in line,
           "the detail credits the reopen reason to the raiser", r.last)
finally:
    r.close()
    # Leave the entry as it was: the provider upholds, the helpdesk closes.
    objfixtures.transition(atok, oid, "uphold", "数据与来源系统一致")
    objfixtures.transition(htok, oid, "close")
tap.done()
