#!/usr/bin/env python3
"""Screen test: G (and End) loads every page of a search and puts the cursor
on the very last row, saying how far it has come; Esc stops the pursuit
without leaving the view."""
import os
import re
import sys
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import console  # noqa: E402
from govdxtest import Tap, api, token  # noqa: E402

tap = Tap()
console.setup(tap)
tok = token("nat-official")


def total(q):
    """Entries matching q, counted through the API page by page."""
    n, cursor = 0, None
    while True:
        path = "/v1/entries?limit=200&q=" + urllib.parse.quote(q)
        if cursor:
            path += "&cursor=" + urllib.parse.quote(cursor)
        page = api("GET", path, tok).json
        n += len(page["items"])
        cursor = page.get("next_cursor")
        if not cursor:
            return n


def position(c):
    m = re.search(r" (\d+)/(\d+)(\+?) *[|/\\ -]? *$", c.lines()[22])
    return (int(m.group(1)), int(m.group(2)), m.group(3)) if m else None


want = total("婚姻")
c = console.Console("bottom")
try:
    c.start()
    tap.ok(c.wait(console.connected), "the console connects", c.last)
    c.keys(":")
    c.type("search 婚姻")
    c.keys("Enter")
    tap.ok(c.wait(lambda s: 'Search "婚姻"' in s and position(c) and position(c)[2] == "+"),
           "the search shows its first page, more to come", c.last)
    c.keys("G")
    s = c.wait(lambda s: position(c) == (want, want, ""), timeout=30)
    tap.ok(s, "one G loads every page (%d entries) and stands on the last row" % want, c.last)
    tap.ok(s and 'Search "婚姻": %d entries' % want in s, "the title counts them all", c.last)
    tap.ok(s and "all %d entries loaded" % want in s, "the status line says so", c.last)

    # Longer than the 16 pages a search holds: the pages read least recently
    # are let go on the way down, and fetched again by their cursors on the
    # way back (tests/unit/test-tui-pages proves the letting go).
    many = total("登记")
    c.keys(":")
    c.type("search 登记")
    c.keys("Enter")
    s = c.wait(lambda s: 'Search "登记"' in s and position(c) and position(c)[2] == "+")
    top = (c.state() or {}).get("row")
    top_line = s.splitlines()[3] if s else None
    tap.ok(many > 16 * 50 and top and top.startswith("entry:"),
           "登记 has more rows (%d) than a search holds, the first is %s" % (many, top), c.last)
    c.keys("G")
    s = c.wait(lambda s: position(c) == (many, many, ""), timeout=30)
    tap.ok(s, "G reads all %d rows" % many, c.last)
    c.keys("g", "g")
    s = c.wait(lambda s: position(c) and position(c)[0] == 1 and
               (c.state() or {}).get("row") == top and "loading..." not in s)
    tap.ok(s and s.splitlines()[3] == top_line,
           "gg comes back to the same first row, drawn as before", c.last)
    c.keys("G")
    s = c.wait(lambda s: position(c) == (many, many, "") and "loading..." not in s)
    tap.ok(s, "G again: the last row, as before", c.last)

    # A search with very many pages: Esc stops the pursuit, the view stays.
    c.keys(":")
    c.type("search 信息")
    c.keys("Enter")
    c.wait(lambda s: 'Search "信息"' in s and position(c) and position(c)[2] == "+")
    c.keys("End")
    # A passing state: seen while the pages are still coming.
    tap.ok(c.wait("loading every page", timeout=15, busy_ok=True), "End loads page after page, saying so",
           c.last)
    c.keys("Escape")
    s = c.wait(lambda s: "stopped:" in s)
    tap.ok(s and 'Search "信息"' in s, "Esc stops it and the search stays", c.last)
    c.keys("End")
    tap.ok(c.wait("loading every page", timeout=15, busy_ok=True), "End again", c.last)
    c.keys("C-c")
    s = c.wait(lambda s: "stopped:" in s and "loading every page" not in s)
    tap.ok(s and 'Search "信息"' in s, "Ctrl-C stops it too", c.last)
    c.keys(":", "q", "Enter")
    tap.ok(c.wait("EXIT=0"), "the console quits normally", c.last)
finally:
    c.close()
tap.done()
