#!/usr/bin/env python3
"""Screen test: names with the characters East Asian widths make hard to lay
out — fullwidth （）, wide 〇, and the ambiguous-width — and · (one column in
the UTF-8 locale the console and tmux measure with) — in every column of the
lists: the directory's departments (上海市水务局（上海市海洋局）) and entries,
and search results at 80 and 120 columns (the code column shows from 110).
Every line fits the terminal, the pane separator │ and each column start at
one display column on every row, and 不予共享 shows whole."""
import os
import sys
import unicodedata
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import console  # noqa: E402
from govdxtest import Tap, api, token  # noqa: E402

tap = Tap()
console.setup(tap)
tok = token("nat-official")
SHARES = ("无条件", "有条件", "不予共享")
HARD = "·—（）〇"


def col(line, i):
    """Display column of line[i]."""
    return console.width(line[:i])


def cells(line):
    """The line as display cells: a wide character, then None for its
    second column."""
    out = []
    for ch in line:
        out.append(ch)
        if unicodedata.east_asian_width(ch) in "WF":
            out.append(None)
    return out


def at(line, c, n):
    """The text of n display columns of line from column c."""
    return "".join(ch for ch in cells(line)[c:c + n] if ch is not None)


def fits(lines, cols):
    return [(console.width(l), l) for l in lines if console.width(l) > cols]


def separator_columns(lines):
    return {col(l, l.index("│")) for l in lines if "│" in l}


# An entry of a city or county whose name has · or —, and its department.
hits = api("GET", "/v1/entries?q=%E5%8E%86%E5%B9%B4%E6%B1%87%E6%80%BB&limit=50", tok).json["items"]  # 历年汇总
hits += api("GET", "/v1/entries?q=%E7%AC%AC%E4%B8%80%E5%AD%A3%E5%BA%A6&limit=50", tok).json["items"]  # 第一季度
hits = [e for e in hits if any(ch in e["name"] for ch in "·—")]
if not hits:
    tap.skip_all("no entry name with · or — at this scale")
target = None
for e in hits:
    depts = api("GET", "/v1/platforms/%s/departments?limit=200" % e["platform_code"], tok).json["items"]
    di = [d["code"] for d in depts].index(e["department_code"])
    entries = api("GET", "/v1/entries?department=%s&limit=100" % e["department_code"], tok).json["items"]
    ei = [x["code"] for x in entries].index(e["code"])
    if di < 8 and ei < 8:
        target = (e, di, ei)
        break

c = console.Console("names", cols=80, rows=24)
try:
    c.start()
    tap.ok(c.wait(console.connected), "the console connects", c.last)

    # Departments: 上海市 (a municipality) lists 上海市水务局（上海市海洋局）.
    c.keys(":")
    c.type("goto 310000")
    c.keys("Enter")
    s = c.wait(lambda s: "上海市: departments" in s and "上海市公安局" in s)
    tap.ok(s, ":goto 310000 lists the departments of 上海市 in city forms", c.last)
    c.keys("Tab")
    c.wait(">上海市: departments")
    for _ in range(16):
        c.keys("j")
    s = c.wait(lambda s: "上海市水务局（上海市海洋局）" in s)
    lines = c.lines()
    tap.ok(s, "上海市水务局（上海市海洋局） is listed whole", c.last)
    tap.ok(not [l for l in lines if "厅" in l and "上海市" in l and "办公厅" not in l],
           "no department of 上海市 is a provincial 厅", c.last)
    tap.ok(not fits(lines, 80), "departments: every line fits 80 columns", fits(lines, 80))
    tap.ok(len(separator_columns(lines[1:12])) == 1, "departments: │ at one column on every row",
           "\n".join("%d %s" % (col(l, l.index("│")), l) for l in lines[1:12] if "│" in l))
    ends = {console.width(l.rstrip()) for l in lines[2:12] if "│" in l and l.rstrip()[-1:].isdigit()}
    tap.ok(len(ends) == 1, "departments: the entry counts end at one column", c.last)

    # Entries with · or — under their department.
    if not target:
        tap.skip("entries with · or — in the directory", "none near the top of its lists")
    else:
        e, di, ei = target
        c.keys(":")
        c.type("goto " + e["platform_code"])
        c.keys("Enter")
        pname = api("GET", "/v1/platforms/" + e["platform_code"], tok).json["name"]
        c.wait(lambda s: "%s: departments" % pname in s)
        c.keys("Tab")
        c.wait(lambda s: "│>" in s)
        for _ in range(di):
            c.keys("j")
        c.keys("Enter")
        for _ in range(ei + 1):
            c.keys("j")
        s = c.wait(lambda s: e["name"][:6] in s)
        lines = c.lines()
        tap.ok(s, "the entries of %s show, %s among them" % (e["department_name"], e["name"]), c.last)
        rows = [l for l in lines[2:12] if "│" in l and l.rstrip().endswith(SHARES)]
        starts = {max(col(l, l.rindex(x)) for x in SHARES if l.rstrip().endswith(x)) for l in rows}
        tap.ok(rows and len(starts) == 1, "entries: the sharing column starts at one column on every row",
               "\n".join(rows))
        tap.ok(any(any(ch in l for ch in "·—") for l in rows), "entries: a name with · or — is on screen",
               "\n".join(rows))
        tap.ok(not fits(lines, 80), "entries: every line fits 80 columns", fits(lines, 80))
        tap.ok(len(separator_columns(lines[1:12])) == 1, "entries: │ at one column on every row", c.last)
    c.keys("Escape")

    def check_search(c, q, cols, results):
        c.keys(":")
        c.type("search " + q)
        c.keys("Enter")
        s = c.wait(lambda s: 'Search "%s"' % q in s and any(r["name"][:4] in s for r in results))
        lines = c.lines()
        tap.ok(s, "%d columns: :search %s lists the names" % (cols, q), c.last)
        tap.ok(not fits(lines, cols), "%d columns: search %s: every line fits" % (cols, q), fits(lines, cols))
        head = lines[2]
        want = {"Department": col(head, head.index("Department")), "Share": col(head, head.index("Share"))}
        if "Code" in head:
            want["Code"] = col(head, head.index("Code"))
        bad = []
        shown = 0
        for i, r in enumerate(results[:18]):
            line = lines[3 + i]
            # each column holds its own value (whole, or cut with ~), and
            # a blank column parts it from the next
            name = at(line, 1, want["Department"] - 2).rstrip().rstrip("~").rstrip()
            dept = at(line, want["Department"], want["Share"] - want["Department"] - 1)
            dept = dept.rstrip().rstrip("~").rstrip()
            share = at(line, want["Share"], 8).rstrip()
            full = ("异议 " if r["disputed"] else "") + r["name"]
            ok = (name and full.startswith(name) and dept and r["department_name"].startswith(dept)
                  and at(line, want["Department"] - 1, 1) == " " and at(line, want["Share"] - 1, 1) == " "
                  and share in SHARES)
            if "Code" in want:
                ok = ok and at(line, want["Code"], len(r["code"])) == r["code"]
            if not ok:
                bad.append((i, dept, share, line))
            shown += any(ch in line for ch in HARD)
        tap.ok(not bad, "%d columns: search %s: every column starts where its heading does" % (cols, q),
               bad[:3])
        tap.ok(shown, "%d columns: search %s: names with %s are on screen" % (cols, q, HARD), c.last)

    for q in ("历年汇总", "第一季度"):
        results = api("GET", "/v1/entries?q=%s&limit=20" % urllib.parse.quote(q),
                      tok).json["items"]
        check_search(c, q, 80, results)
    c.keys(":")
    c.type("q")
    c.keys("Enter")
    tap.ok(c.wait("EXIT=0"), ":q quits", c.last)
finally:
    c.close()

w = console.Console("names-wide", cols=120, rows=30)
try:
    w.start()
    tap.ok(w.wait(console.connected), "120x30: the console connects", w.last)
    for q in ("历年汇总", "第一季度"):
        results = api("GET", "/v1/entries?q=%s&limit=30" % urllib.parse.quote(q),
                      tok).json["items"]
        check_search(w, q, 120, results)
finally:
    w.close()

tap.done()
