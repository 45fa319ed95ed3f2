#!/usr/bin/env python3
"""Screen test: a long queue is kept as a window of pages.  900 pending
requests are put in the approver's inbox with SQL (GOVDX_DB, psql, as
tools/lib/bench-inbox.sql does, and deleted at the end); the console opens
`:requests inbox pending`, G reads every page to the last row, g goes back
to the top, whose page was dropped and is fetched again by its cursor:
the rows shown are the service's, in its order, at the bottom, back at the
top and a few pages down, while the rows the console holds (the test
report's held=) stay under the window (16 pages of 50) however far it
went."""
import os
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import console  # noqa: E402
import reqfixtures  # noqa: E402
from govdxtest import Tap, api, token  # noqa: E402

N = 900
WINDOW_ROWS = 16 * 50
TAG = "window-test"

tap = Tap()
official, approver = reqfixtures.setup(tap)
DB = os.environ.get("GOVDX_DB")
if not DB or not shutil.which("psql"):
    tap.skip_all("needs GOVDX_DB and psql to fill a long inbox")


def q(sql):
    p = subprocess.run(["psql", "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-d", DB],
                       input=sql, capture_output=True, text=True, timeout=120)
    if p.returncode != 0:
        raise RuntimeError(p.stderr.strip())
    return p.stdout.strip()


dept = approver["department"]
q("""
DELETE FROM request WHERE requester_user = '%(tag)s';
WITH e AS (SELECT code, row_number() OVER (ORDER BY code) - 1 AS i, count(*) OVER () AS n
           FROM entry WHERE department_code = '%(dept)s')
INSERT INTO request (state, entry_code, provider_department, requester_department,
                     requester_user, purpose, legal_basis, items, period_from, period_to, deadline)
SELECT 'pending', e.code, '%(dept)s', '%(req)s', '%(tag)s', '窗口测试 ' || g,
       '《政务信息资源共享管理暂行办法》第十条', ARRAY['姓名'], date '2024-01-01',
       date '2024-12-31', current_date + 30 + (g %% 40)
FROM generate_series(0, %(last)d) AS g JOIN e ON e.i = g %% e.n;
""" % {"tag": TAG, "dept": dept, "req": official["department"], "last": N - 1})

atok = token(approver["user"])


def queue_ids():
    """The pending inbox in the service's order (deadline, then id), read
    from the database: paging it through the API takes seconds a page."""
    return q("SELECT id FROM request WHERE provider_department = '%s' AND state = 'pending' "
             "ORDER BY deadline, id" % dept).split()


def shown_ids(screen):
    """The request ids on the queue's rows, top to bottom."""
    ids = []
    for line in screen.split("\n")[3:]:
        for w in line.split():
            if w.startswith("REQ-"):
                ids.append(w)
                break
    return ids


c = console.Console("window")
try:
    ids = queue_ids()
    tap.ok(len(ids) >= N, "the inbox holds %d pending requests (%d filled in)" % (len(ids), N))
    first = api("GET", "/v1/requests?box=inbox&state=pending&limit=50", atok).json or {}
    tap.eq([r["id"] for r in first.get("items", [])], ids[:50],
           "the service's first page is the database's order")
    c.start("--context", approver["user"])
    tap.ok(c.wait(console.connected), "the approver's console connects", c.last)
    c.keys(":")
    c.type("requests inbox pending")
    c.keys("Enter")
    tap.ok(c.wait(lambda s: "Requests: inbox · pending" in s and ids[0] in s, timeout=15),
           ":requests inbox pending shows the first page", c.last)
    top = shown_ids(c.screen())
    tap.eq(top, ids[:len(top)], "the first rows are the service's, in its order")

    # G: page after page to the last row; the rows held stay in the window.
    c.keys("G")
    s = c.wait(lambda s: "all %d requests loaded" % len(ids) in s and ids[-1] in s, timeout=60)
    tap.ok(s, "G reads every page down to the last request", c.last)
    rep = c.state() or {}
    tap.eq(rep.get("row"), "request:" + ids[-1], "the cursor is on the last request")
    held = int(rep.get("held", -1))
    tap.ok(0 < held <= WINDOW_ROWS,
           "the console holds %d rows of %d (at most %d)" % (held, len(ids), WINDOW_ROWS))
    bottom = shown_ids(s or "")
    tap.eq(bottom, ids[len(ids) - len(bottom):], "the last rows are the service's")

    # g: back to the top; its page was dropped and comes back by its cursor.
    c.keys("g")
    s = c.wait(lambda s: ids[0] in s and "loading..." not in s, timeout=20)
    tap.ok(s, "g goes back to the top, the dropped page fetched again", c.last)
    again = shown_ids(s or "")
    tap.eq(again, ids[:len(again)], "the rows at the top are the service's again")
    tap.eq((c.state() or {}).get("row"), "request:" + ids[0], "the cursor is on the first request")

    # A few pages down: rows of other dropped pages, right and in order.
    for _ in range(3):
        c.keys("PageDown")
    s = c.wait(lambda s: "loading..." not in s, timeout=20)
    mid = shown_ids(s or "")
    start = ids.index(mid[0]) if mid and mid[0] in ids else -1
    tap.ok(start > 0 and mid == ids[start:start + len(mid)],
           "three pages down, rows %d.. are the service's in order" % start, c.last)
    rep = c.state() or {}
    tap.ok(0 < int(rep.get("held", -1)) <= WINDOW_ROWS,
           "still at most %d rows held (%s)" % (WINDOW_ROWS, rep.get("held")))
    tap.ok(int(rep.get("cases", -1)) <= 2048, "at most 2,048 cases kept (%s)" % rep.get("cases"))
finally:
    c.close()
    q("DELETE FROM request WHERE requester_user = '%s';" % TAG)
tap.done()
