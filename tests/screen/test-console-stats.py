#!/usr/bin/env python3
"""Screen test: the supervision figures (:stats, key S) and the unmet
demand (:unmet) against the real service, at 80x24.

Fixtures through the API: requests filed by hebei-official to two other
departments of 河北省 (so the table has rows to sort), one to
hebei-approver's department, which the approver refuses in the console
with the ground not_held (`:reject ID --not-held REASON`); a search of
河北省 that finds nothing.  Then, as hebei-authority:

- xterm-256color: the title names the scope and period, the bars are
  eighth blocks and the weekly sparklines lower blocks, every row exactly
  80 columns wide (Chinese names included);
- sorted by received (`:stats received`) and by overdue (`>` from late):
  the rows come in the order the service gives for that sort;
- Enter on the first department (most overdue) opens the request queue
  of its overdue requests: the count is the service's;
- vt100: the same figures with '#' bars and no block element;
- the unmet view lists the search and the entry refused as not held;
- :export writes both as CSV (mode 0600, the rows on screen);
- an official is told the figures are not for them.
"""
import csv
import io
import os
import shutil
import stat
import sys
import tempfile
import urllib.parse
import uuid

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import console  # noqa: E402
import reqfixtures as rf  # noqa: E402
from govdxtest import Tap, api, token, wait_until  # noqa: E402

BLOCKS = set("▏▎▍▌▋▊▉█▁▂▃▄▅▆▇")

tap = Tap()
official, approver = rf.setup(tap)
if not official["user"].startswith("hebei"):
    tap.skip_all("needs the demo's hebei users")
otok, atok = token(official["user"]), token(approver["user"])
authority = "hebei-authority"
htok = token(authority)
probe = api("GET", "/v1/stats", htok)
if probe.status in (404, 405):
    tap.skip_all("the service does not offer /v1/stats (%d)" % probe.status)

# ---- fixtures ----------------------------------------------------------------
tag = uuid.uuid4().hex[:8]
deps = api("GET", "/v1/platforms/130000/departments?limit=200", otok).json["items"]
others = [d for d in deps if d["code"] not in (official["department"], approver["department"])
          and d.get("entry_count", 0) > 0]
filed = 0
for d, n in zip(others, (2, 1)):
    es = rf.entries(otok, d["code"], "unconditional") or rf.entries(otok, d["code"], "conditional")
    if es:
        for i in range(n):
            filed += rf.file_request(otok, es[0], "统计测试 %s %d" % (tag, i)).status == 201
mine = rf.entries(otok, approver["department"], "conditional") or \
    rf.entries(otok, approver["department"], "unconditional")
refuse = rf.file_request(otok, mine[0], "统计测试 未归集 %s" % tag).json
refuse2 = rf.file_request(otok, mine[0], "统计测试 未归集二 %s" % tag).json
nothing = "无此数据%s" % tag
api("GET", "/v1/entries?platform=130000&q=" + urllib.parse.quote(nothing), otok)
tap.ok(filed == 3 and refuse and refuse.get("id"), "fixtures: 3 requests to two departments, "
       "one to the approver's (%s)" % (refuse or {}).get("id"))


def stats(**params):
    return api("GET", "/v1/stats?" + urllib.parse.urlencode(params), htok).json


def table_names(screen):
    """The names in the first column of the table, in screen order."""
    lines = screen.split("\n")
    for i, ln in enumerate(lines):
        if ln.startswith(" Department") or ln.startswith(" 部门"):
            out = []
            for row in lines[i + 1:]:
                if not row.strip() or row.startswith(" figures") or "more rows" in row:
                    break
                out.append(row[1:].split("  ")[0].strip())
            return out
    return []


def same(shown, names):
    """The names on screen are the service's, in its order: each whole, or
    cut (ending in ~) without a split character."""
    return len(shown) == len(names) and all(
        s == n or (s.endswith("~") and n.startswith(s[:-1].rstrip())) for s, n in zip(shown, names))


def table_rows(screen):
    lines = screen.split("\n")
    for i, ln in enumerate(lines):
        if ln.startswith(" Department"):
            out = []
            for row in lines[i + 1:]:
                if not row.strip() or row.startswith(" figures"):
                    break
                out.append(row)
            return out
    return []


def rows_of(path):
    with open(path, encoding="utf-8", newline="") as f:
        lines = f.read().split("\r\n")
    body = "\r\n".join(ln for ln in lines if ln and not ln.startswith("#"))
    return [ln for ln in lines if ln.startswith("#")], list(csv.DictReader(io.StringIO(body)))


def command(c, text):
    c.keys(":")
    c.type(text)
    c.keys("Enter")


work = tempfile.mkdtemp(prefix="govdx-stats-")

# ---- the approver refuses with the ground not_held ---------------------------
c = console.Console("stats-approver")
try:
    c.start("--context", approver["user"])
    c.wait(console.connected)
    command(c, "reject %s --not-held 数据未归集 %s" % (refuse["id"], tag))
    c.wait(lambda s: "rejected" in s or "已" in s or "refused" in s, timeout=10)
    got = rf.get(atok, refuse["id"]).json
    tap.ok(got["state"] == "rejected" and got.get("refusal_ground") == "not_held",
           ":reject ID --not-held refuses with the ground not_held",
           "%s %s" % (got["state"], got.get("refusal_ground")))
    # without a reason: the prompt says the ground
    command(c, "reject --not-held %s" % refuse2["id"])
    s = c.wait(lambda s: "Reject %s" % refuse2["id"] in s and "[data not held]:" in s)
    tap.ok(s is not None, "the reason prompt shows the ground", c.last)
    c.type("该数据未归集")
    c.keys("Enter")
    wait_until(lambda: rf.get(atok, refuse2["id"]).json.get("refusal_ground") == "not_held")
    got = rf.get(atok, refuse2["id"]).json
    tap.ok(got["state"] == "rejected" and got.get("refusal_ground") == "not_held",
           "the refusal typed at the prompt carries the ground",
           "%s %s" % (got["state"], got.get("refusal_ground")))
    command(c, "reject %s --no-such-ground x" % refuse["id"])
    s = c.wait(lambda s: "no ground" in s)
    tap.ok(s is not None, "an unknown ground is refused in words", c.last)
    command(c, "approve %s --not-held" % refuse["id"])
    s = c.wait(lambda s: "takes no ground" in s)
    tap.ok(s is not None, "a ground on another action is refused", c.last)
finally:
    c.close()

# ---- the authority's figures, in colour --------------------------------------
c = console.Console("stats")
try:
    c.start("--context", authority)
    c.wait(console.connected)
    want = stats(sort="late")
    c.keys("S")
    s = c.wait(lambda s: "Figures · 河北省 · %s—%s" % (want["from"], want["to"]) in s)
    tap.ok(s is not None, "S opens the figures, titled with the scope and the period", c.last)
    lines = (s or "").split("\n")
    ends = set(console.width(r.rstrip(" ▏▎▍▌▋▊▉█")) for r in table_rows(s or ""))
    tap.ok(all(console.width(ln) <= 80 for ln in lines) and len(ends) == 1,
           "every line fits 80 columns; the columns after the Chinese names line up", ends)
    tap.ok(any(ch in s for ch in "▁▂▃▄▅▆▇█") and "#" not in s.split("\n", 2)[2],
           "xterm-256color: block-element bars and sparklines, no '#'")
    spark = [ln for ln in lines if "Decided/week" in ln]
    tap.ok(spark and any(ch in spark[0] for ch in "▁▂▃▄▅▆▇█"),
           "the weekly sparkline of decisions is drawn", spark[0] if spark else "")
    tap.ok(same(table_names(s), [r["department_name"] for r in want["rows"]][:14]),
           "sorted by decided late: the service's order", table_names(s))

    command(c, "stats received")
    want = stats(sort="received")
    s = c.wait(lambda s: "sorted by received" in s and "loading" not in s)
    names = [r["department_name"] for r in want["rows"]][:14]
    tap.ok(s and same(table_names(s), names) and len(names) >= 3,
           ":stats received re-asks the service: its order (%d rows)" % len(names),
           table_names(s or ""))
    command(c, "stats late")
    c.wait(lambda s: "sorted by decided late" in s and "loading" not in s)
    c.keys(">")
    want = stats(sort="overdue")
    s = c.wait(lambda s: "sorted by overdue now" in s and "loading" not in s)
    tap.ok(s and same(table_names(s), [r["department_name"] for r in want["rows"]][:14]),
           "> sorts by the next column (overdue now), as the service does", c.last)

    out = os.path.join(work, "stats.csv")
    command(c, "export " + out)
    s = c.wait(lambda s: "exported" in s)
    comments, rows = rows_of(out)
    tap.ok(s and len(rows) == len(want["rows"]) and rows[0]["department_name"] ==
           want["rows"][0]["department_name"] and rows[0]["overdue"] ==
           str(want["rows"][0]["overdue"]),
           ":export writes the figures as CSV, one row a department (%d)" % len(rows))
    tap.ok(stat.S_IMODE(os.stat(out).st_mode) == 0o600 and
           any("stats 130000" in ln for ln in comments), "the file is 0600 and says what it is")

    first = want["rows"][0]
    listed = api("GET", "/v1/requests?box=all&overdue=true&limit=200&provider=" +
                 first["department_code"], htok).json["items"]
    n_overdue = len(listed)
    tap.ok(all(r["provider_department"] == first["department_code"] and r["overdue"]
               for r in listed),
           "GET /v1/requests?provider= lists that department's requests only")
    bad = api("GET", "/v1/requests?provider=13000", htok)
    tap.ok(bad.status == 400 and "provider" in bad.body,
           "a provider that is no department code is refused (400, naming it)", bad.body[:200])
    c.keys("g", "Enter")
    s = c.wait(lambda s: "overdue of %s" % first["department_name"] in s and
               "loading" not in s)
    tap.ok(s and ("overdue of %s  %d" % (first["department_name"], n_overdue)) in s
           and n_overdue == first["overdue"],
           "Enter opens the department's overdue requests (%d)" % n_overdue, c.last)
    c.keys("q")
    c.wait(lambda s: "Figures" in s)

    c.keys("2")
    byentry = stats(by="entry", sort="requests")
    s = c.wait(lambda s: "sorted by requests" in s and "loading" not in s)
    tap.ok(s and " Entry " in s and " Req " in s and byentry["rows"][0]["entry_name"][:5] in s,
           "2 shows one row per entry, most requested first", c.last)
    c.keys("g", "Enter")
    s = c.wait(lambda s: "entry %s" % byentry["rows"][0]["entry_code"] in s)
    tap.ok(s is not None and "Objections" in s,
           "Enter on an entry opens its objections", c.last)
    c.keys("q")
    c.wait(lambda s: "Figures" in s)
    c.keys("1")
    c.wait(lambda s: "sorted by decided late" in s and "loading" not in s)

    c.keys("u")
    s = c.wait(lambda s: "Unmet demand · 河北省" in s and nothing in s)
    tap.ok(s is not None, "u opens the unmet demand with the search that found nothing",
           c.last)
    s = c.wait(lambda s: mine[0]["name"][:6] in s)
    tap.ok(s is not None and "not held" in s,
           "the entry refused as not held is listed under its heading", c.last)
    out2 = os.path.join(work, "unmet.csv")
    command(c, "export " + out2)
    c.wait(lambda s: "exported" in s)
    _, rows = rows_of(out2)
    tap.ok(any(r["kind"] == "search" and r["text"] == nothing for r in rows) and
           any(r["kind"] == "not_held" and r["entry_code"] == mine[0]["code"] for r in rows),
           ":export writes the unmet demand: the search and the entry (%d rows)" % len(rows))
finally:
    c.close()

# ---- vt100: '#' bars ------------------------------------------------------------
c = console.Console("stats-vt100", term="vt100")
try:
    c.start("--context", authority)
    c.wait(console.connected)
    command(c, "stats received")
    s = c.wait(lambda s: "sorted by received" in s and "loading" not in s)
    body = "\n".join((s or "").split("\n")[2:-3])
    tap.ok(s and "#" in body and not (set(body) & BLOCKS),
           "vt100: '#' bars and sparklines, no block element", c.last)
finally:
    c.close()

# ---- an official ------------------------------------------------------------------
c = console.Console("stats-official")
try:
    c.start("--context", official["user"])
    c.wait(console.connected)
    c.wait(lambda s: official["user"] in s and "(official)" in s)
    c.keys("S")
    s = c.wait(lambda s: "sees no figures" in s)
    tap.ok(s is not None and "Figures" not in s.split("\n")[1],
           "an official gets a clear message, and no figures", c.last)
finally:
    c.close()

shutil.rmtree(work, ignore_errors=True)
tap.done()
