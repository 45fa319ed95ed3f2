#!/usr/bin/env python3
"""Screen test: a provisional deadline in the console.  A request whose
reply deadline reaches into the first year without an imported holiday
notice (2027 while the shipped calendar ends in 2026) is counted by the
statute alone; the service says so (deadline_provisional) and the console
marks it: `≈` before the days left in the queue, `≈` before the date in
the detail, and a note naming the year whose notice is missing.

The deadline is made to reach that far by a reply_days setting on the
provider's platform (psql, GOVDX_DB), restored at the end; the request is
withdrawn."""
import os
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import console  # noqa: E402
import reqfixtures  # noqa: E402
from govdxtest import Tap, token  # noqa: E402

tap = Tap()
official, approver = reqfixtures.setup(tap)
DB = os.environ.get("GOVDX_DB")
if not DB or not shutil.which("psql"):
    tap.skip_all("needs GOVDX_DB and psql to set a platform's reply days")
otok = token(official["user"])


def q(sql):
    p = subprocess.run(["psql", "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-d", DB],
                       input=sql, capture_output=True, text=True, timeout=60)
    if p.returncode != 0:
        raise RuntimeError(p.stderr.strip())
    return p.stdout.strip()


def command(c, text):
    c.keys(":")
    c.type(text)
    c.keys("Enter")


Y = int(q("SELECT min(y) FROM generate_series(extract(year FROM govdx_today())::int, 2100) y"
          " WHERE NOT EXISTS (SELECT 1 FROM calendar_notice n WHERE n.year = y)"))
# Ten working days past the first statutory weekday of Y after today.
N = int(q(f"SELECT govdx_working_days_between(govdx_today(), min(date)) + 10 FROM statutory_day"
          f" WHERE extract(year FROM date) = {Y} AND date > govdx_today() AND extract(isodow FROM date) < 6"))
if N > 365:
    tap.skip_all(f"the first statutory day of {Y} is more than a year of working days away")
entries = reqfixtures.entries(otok, approver["department"], "conditional", 1)
if not entries:
    tap.skip_all("department %s has no conditional entry with items" % approver["department"])
plat = approver["department"][:6]
old = q(f"SELECT coalesce(reply_days::text, 'null') FROM platform_setting WHERE platform_code = '{plat}'")
rid = None
c = console.Console("provisional")
try:
    q(f"INSERT INTO platform_setting (platform_code, reply_days) VALUES ('{plat}', {N})"
      " ON CONFLICT (platform_code) DO UPDATE SET reply_days = excluded.reply_days")
    r = reqfixtures.file_request(otok, entries[0], "法定节假日期限显示测试")
    rid = r.json.get("id") if r.status == 201 and r.json else None
    tap.ok(rid and r.json.get("deadline_provisional") is True and r.json["deadline"].startswith(str(Y)),
           f"a request whose deadline reaches into {Y}: provisional", r)
    if not rid:
        raise RuntimeError("no request")
    deadline, left = r.json["deadline"], r.json["working_days_left"]

    c.start("--context", official["user"])
    tap.ok(c.wait(console.connected), "the official's console connects", c.last)
    command(c, "open " + rid)
    s = c.wait(lambda s: "Request " + rid in s and "≈" + deadline in s, timeout=15)
    tap.ok(s and f"≈{deadline} ({left} working days left)" in s,
           "the detail marks the deadline with ≈", c.last)
    text = " ".join(l.strip() for l in c.lines())
    tap.ok(f"deadline provisional: the {Y} holiday notice is not" in text and "counted by the statute" in text,
           f"... and notes that the {Y} holiday notice is not imported yet", c.lines())

    command(c, "requests outbox")
    c.wait(lambda s: "Requests: outbox" in s and "loading" not in s, timeout=15)
    c.keys("/")
    c.type(rid)
    c.keys("Enter")
    s = c.wait(lambda s: any(rid in l and f"≈{left}d" in l for l in s.splitlines()), timeout=15)
    rows = [l for l in c.lines() if rid in l]
    tap.ok(s and rows and f"≈{left}d" in rows[0], "the queue row shows ≈ before the days left", rows)
    tap.ok(all(console.width(l) <= 80 for l in c.lines()), "no line is wider than the terminal",
           c.lines())
except RuntimeError as e:
    tap.ok(False, "the provisional request could be made", str(e))
finally:
    c.close()
    if rid:
        reqfixtures.transition(otok, rid, "withdraw")
    if old == "":
        q(f"DELETE FROM platform_setting WHERE platform_code = '{plat}'")
    else:
        q(f"UPDATE platform_setting SET reply_days = {old} WHERE platform_code = '{plat}'")
tap.done()
