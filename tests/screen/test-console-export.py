#!/usr/bin/env python3
"""Screen test: :export writes the list on screen as CSV.  A search of more
rows than the console holds (登记: 1,626 at demo size) with a filter is
written whole: exactly the rows the service lists that the filter lets
through, counted through the API; mode 0600; UTF-8; comment lines with
the search, filter, user and time, and a last line with the count.  An
existing file is refused without `!` and replaced with it; a queue
exports too; Esc stops an export and leaves no file."""
import csv
import io
import os
import shutil
import stat
import sys
import tempfile
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import console  # noqa: E402
from govdxtest import Tap, api, token  # noqa: E402

tap = Tap()
console.setup(tap)
tok = token("nat-official")


def listed(q):
    """Every entry of the search q, through the API, page by page."""
    out, cursor = [], None
    while True:
        path = "/v1/entries?limit=200&q=" + urllib.parse.quote(q)
        if cursor:
            path += "&cursor=" + urllib.parse.quote(cursor)
        page = api("GET", path, tok).json
        out += page["items"]
        cursor = page.get("next_cursor")
        if not cursor:
            return out


def rows_of(path):
    with open(path, encoding="utf-8", newline="") as f:
        text = f.read()
    lines = text.split("\r\n")
    comments = [ln for ln in lines if ln.startswith("#")]
    body = "\r\n".join(ln for ln in lines if ln and not ln.startswith("#"))
    return comments, list(csv.DictReader(io.StringIO(body)))


everything = listed("登记")
flt = "民政"
want = [e["code"] for e in everything
        if flt in e["name"] or flt in e["code"] or flt in (e.get("department_name") or "")]
work = tempfile.mkdtemp(prefix="govdx-export-")
out = os.path.join(work, "登记.csv")
c = console.Console("export")
try:
    c.start()
    tap.ok(c.wait(console.connected), "the console connects", c.last)
    c.keys(":")
    c.type("search 登记")
    c.keys("Enter")
    c.wait(lambda s: 'Search "登记"' in s and "loading" not in s)
    c.keys(":")
    c.type("filter " + flt)
    c.keys("Enter")
    c.wait(lambda s: "[/%s]" % flt in s or flt in s)
    c.keys(":")
    c.type("export " + out)
    c.keys("Enter")
    s = c.wait(lambda s: "exported" in s, timeout=60)
    tap.ok(s and ("exported %d rows" % len(want)) in s,
           "export says how many rows it wrote (%d)" % len(want), c.last)
    comments, rows = rows_of(out)
    tap.ok([r["code"] for r in rows] == want,
           "the file holds exactly the filtered rows of the whole search (%d of %d), in order"
           % (len(want), len(everything)), "%d rows" % len(rows))
    mode = stat.S_IMODE(os.stat(out).st_mode)
    tap.ok(mode == 0o600, "the file's mode is 0600 (%o)" % mode)
    tap.ok(any("search 登记" in ln for ln in comments) and any(flt in ln for ln in comments)
           and any("nat-official" in ln for ln in comments)
           and any("Beijing time" in ln for ln in comments),
           "comment lines give the search, the filter, the user and the time", "\n".join(comments))
    tap.ok(comments[-1] == "# end: %d rows" % len(want), "the last line counts the rows",
           comments[-1:])
    tap.ok(not os.path.exists(out + ".part"), "no .part is left")
    c.keys(":")
    c.type("export " + out)
    c.keys("Enter")
    tap.ok(c.wait(lambda s: "exists" in s and "export!" in s), "an existing file is refused",
           c.last)
    c.keys(":")
    c.type("export! " + out)
    c.keys("Enter")
    tap.ok(c.wait(lambda s: "exported" in s, timeout=60), "export! replaces it", c.last)
    # Esc stops a long export: the whole 信息 search is thousands of rows.
    c.keys(":")
    c.type("filter")
    c.keys("Enter")
    c.keys(":")
    c.type("search 信息")
    c.keys("Enter")
    c.wait(lambda s: 'Search "信息"' in s and "loading" not in s)
    big = os.path.join(work, "big.csv")
    c.keys(":")
    c.type("export " + big)
    c.keys("Enter")
    c.keys("Escape")
    s = c.wait(lambda s: "export stopped" in s or "exported" in s, timeout=60)
    tap.ok(s and "export stopped" in s and not os.path.exists(big)
           and not os.path.exists(big + ".part"),
           "Esc stops an export and leaves no file", c.last)
    c.keys(":", "q", "Enter")
    tap.ok(c.wait("EXIT=0"), "the console quits", c.last)
finally:
    c.close()

# A queue: the helpdesk's objections.
htok = token("hebei-helpdesk")
queue = api("GET", "/v1/objections?box=helpdesk&limit=200", htok).json["items"]
qout = os.path.join(work, "queue.csv")
c = console.Console("export-queue")
try:
    c.start("--context", "hebei-helpdesk")
    c.wait(console.connected)
    c.keys(":")
    c.type("objections helpdesk")
    c.keys("Enter")
    c.wait(lambda s: "Objections: helpdesk" in s and "loading" not in s)
    c.keys(":")
    c.type("export " + qout)
    c.keys("Enter")
    tap.ok(c.wait(lambda s: "exported %d rows" % len(queue) in s, timeout=60),
           "a queue exports its %d rows" % len(queue), c.last)
    comments, rows = rows_of(qout)
    tap.ok(sorted(r["id"] for r in rows) == sorted(o["id"] for o in queue)
           and all(r["state"] for r in rows),
           "the queue's file holds its cases with their states", rows[:2])
    c.keys(":", "q", "Enter")
    c.wait("EXIT=0")
finally:
    c.close()
    shutil.rmtree(work, ignore_errors=True)
tap.done()
