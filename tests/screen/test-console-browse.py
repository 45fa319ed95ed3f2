#!/usr/bin/env python3
"""Screen test: open the console at 80x24, walk 国家 → 河北省 → 石家庄市, open
an entry and one of its related entries, filter a list, and see a long
Chinese name cut on a character boundary."""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import console  # noqa: E402
from govdxtest import Tap, api, token  # noqa: E402

tap = Tap()
console.setup(tap)
tok = token("nat-official")


def find_entry_with_related():
    """(department index, entry index, entry) of the first entry of 石家庄市
    that has related codes, in the order the console lists them."""
    depts = api("GET", "/v1/platforms/130100/departments?limit=200", tok).json["items"]
    for di, d in enumerate(depts):
        page = api("GET", "/v1/entries?department=%s&limit=100" % d["code"], tok).json
        for ei, e in enumerate(page["items"]):
            full = api("GET", "/v1/entries/" + e["code"], tok).json
            if full.get("related"):
                return di, ei, full
    return None


c = console.Console("browse")
try:
    c.start()
    s = c.wait(lambda s: console.connected(s) and "国家" in s and "Platforms" in s)
    tap.ok(s, "the console opens, connects and shows the national tree", c.last)
    lines = c.lines()
    tap.ok("govdx" in lines[0] and "nat-official" in lines[0], "80x24: the header names the context", lines[0])
    url = os.environ["GOVDX_URL"]
    hostport = url.split("://", 1)[-1].split("/")[0]
    tap.ok((url in lines[0] or hostport in lines[0]) and "~" not in lines[0].split("公安部")[-1],
           "80x24: the service shows whole (URL, or host and port), never cut", lines[0])
    tap.ok(c.crumbs().strip() == "国家", "80x24: the crumbs line shows 国家", c.crumbs())
    tap.ok("help" in lines[23], "80x24: the bottom line shows the key hints", lines[23])
    tap.ok(all(console.width(l) <= 80 for l in lines), "80x24: no line is wider than the terminal", c.last)

    # Walk: the provinces are in code order, 河北省 (130000) is the third.
    c.keys("j", "j", "j")
    tap.ok(c.wait(lambda s: c.crumbs().strip() == "国家 › 河北省"), "j j j selects 河北省", c.last)
    c.keys("l")
    tap.ok(c.wait("石家庄市"), "l expands 河北省 and shows its cities", c.last)
    c.keys("j")
    tap.ok(c.wait(lambda s: c.crumbs().strip() == "国家 › 河北省 › 石家庄市"),
           "the crumbs show 国家 › 河北省 › 石家庄市", c.last)
    tap.ok(c.wait("石家庄市: departments"), "the list shows the departments of 石家庄市", c.last)

    # Open an entry from the list, then one of its related entries.
    found = find_entry_with_related()
    if not found:
        tap.skip("open an entry and a related entry", "no entry of 石家庄市 has related codes")
    else:
        di, ei, entry = found
        c.keys("Tab")
        c.wait(lambda s: ">石家庄市: departments" in s)
        for _ in range(di):
            c.keys("j")
        c.keys("Enter")
        tap.ok(c.wait(entry["name"]), "Enter on a department lists its entries", c.last)
        for _ in range(ei + 1):
            c.keys("j")
        tap.ok(c.wait(lambda s: entry["code"] in s), "the preview shows the entry under the cursor", c.last)
        c.keys("Enter")
        s = c.wait(lambda s: "Entry " + entry["code"] in s and "共享类型" in s)
        tap.ok(s, "Enter opens the entry", c.last)
        tap.ok(s and all(n in s for n in ("信息资源名称", "信息资源代码", "信息资源提供方", "信息资源提供方代码",
                                          "信息资源摘要", "信息资源格式", "共享属性", "共享类型")),
               "the entry shows its core metadata under the standard names", c.last)
        # further down: the rest of the core metadata (the cursor takes the view along)
        c.keys(*["j"] * 24)
        s = c.wait(lambda s: "信息项信息" in s)
        tap.ok(s and all(n in s for n in ("开放属性", "是否向社会开放", "更新周期", "发布日期", "信息项名称", "数据类型")),
               "further down: 开放属性, 更新周期, 发布日期 and the 信息项信息 table", c.last)
        c.keys("G")
        rel = entry["related"][-1]
        tap.ok(c.wait("> " + rel), "the related codes are listed at the end", c.last)
        c.keys("Enter")
        tap.ok(c.wait("Entry " + rel), "Enter on a related code opens that entry", c.last)
        c.keys("q")
        tap.ok(c.wait("Entry " + entry["code"]), "q goes back to the first entry", c.last)
        c.keys("q")
        tap.ok(c.wait("departments"), "q goes back to the directory", c.last)

    # Filter the list of departments.
    c.keys("/")
    c.type("民政")
    c.keys("Enter")
    s = c.wait("[/民政]")
    tap.ok(s, "the status line shows the active filter", c.last)
    rows = [l.split("│", 1)[1] for l in c.lines()[2:12] if "│" in l]
    depts = [r for r in rows if r.startswith("+ ") or r.startswith("- ")]
    tap.ok(depts and all("民政" in r for r in depts), "only departments matching 民政 remain", "\n".join(rows))
    c.keys("/", "C-u", "Enter")
    tap.ok(c.wait(lambda s: "[/" not in s), "an empty filter shows every row again", c.last)

    # A long county name, cut on a character boundary.
    c.keys(":")
    c.type("goto 622927")
    c.keys("Enter")
    s = c.wait(lambda s: "积石山保安族东乡族撒拉族自治县" in c.crumbs())
    tap.ok(s, ":goto opens the tree down to 积石山保安族东乡族撒拉族自治县", c.last)
    lines = c.lines()
    cut = [l for l in lines if "积石山保安族" in l and "~" in l]
    tap.ok(cut, "the long name is cut and marked with ~", c.last)
    tap.ok(all(console.width(l) <= 80 for l in lines), "every line fits 80 columns (no half characters)",
           "\n".join("%d %s" % (console.width(l), l) for l in lines))
    tap.ok("\ufffd" not in c.last, "no broken characters on screen", c.last)
    c.keys(":")
    c.type("q")
    c.keys("Enter")
    tap.ok(c.wait("EXIT=0"), ":q quits with status 0", c.last)
finally:
    c.close()
tap.done()
