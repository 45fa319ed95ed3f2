#!/usr/bin/env python3
"""Screen test: the Chinese console.  Under LANG=zh_CN.UTF-8 every view an
official and an approver meet (the directory, help, a search, an entry, the
request form, the inbox and a request, the objections) speaks Chinese at
80x24, no line wider than 80 columns; `:set language en` turns the same
session to English and `:set language zh` back; `govdx --help` is Chinese
too.  The catalogue's completeness is tests/tools/test-po.sh."""
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import console  # noqa: E402
import reqfixtures  # noqa: E402
from govdxtest import Tap, token  # noqa: E402

ZH = {"LANG": "zh_CN.UTF-8"}
HAN = re.compile("[\u4e00-\u9fff]")

tap = Tap()
console.setup(tap)
locales = subprocess.run(["locale", "-a"], stdout=subprocess.PIPE, text=True).stdout.lower()
if "zh_cn.utf8" not in locales:
    tap.skip_all("the zh_CN.UTF-8 locale is missing (tools/install-deps generates it)")
official, approver = reqfixtures.setup(tap)


def zh_connected(s):
    first = s.split("\n")[0].rstrip() if s else ""
    return first.endswith("已连接")


def fits(s):
    """Lines wider than 80 columns (none, on a screen that fits)."""
    return [ln for ln in (s or "").split("\n") if console.width(ln) > 80]


def check_view(c, name, cond, words):
    """The view shows cond, every word of words, and nothing over 80 columns."""
    s = c.wait(lambda s: cond(s) and "加载中..." not in s, timeout=15)
    tap.ok(s and all(w in s for w in words), "%s: %s" % (name, " ".join(words)), c.last)
    tap.ok(s is not None and not fits(s), "%s: every line fits 80 columns" % name,
           "\n".join(fits(s)) if s else c.last)
    return s


# --help in Chinese, 80 columns.
r = subprocess.run([console.binary(), "--help"], stdout=subprocess.PIPE, text=True,
                   env={"LANG": "zh_CN.UTF-8", "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
                        "GOVDX_LOCALEDIR": os.path.join(os.path.dirname(console.binary()),
                                                        "locale")})
tap.ok(r.returncode == 0 and HAN.search(r.stdout) and not fits(r.stdout),
       "govdx --help is Chinese and fits 80 columns", r.stdout)

c = console.Console("chinese", env=ZH)
try:
    c.start("--context", official["user"])
    check_view(c, "the directory", zh_connected, ["平台", "部门", "预览", "打开", "帮助"])
    c.keys("?")
    check_view(c, "help", lambda s: "帮助：键与命令" in s, ["移动", "光标上移一行"])
    c.keys("q")
    c.keys(":")
    c.type("search 婚姻")
    c.keys("Enter")
    check_view(c, "search", lambda s: "搜索“婚姻”" in s, ["名称", "部门", "共享"])
    c.keys("Enter")
    check_view(c, "an entry", lambda s: "信息资源名称" in s, ["共享属性", "更新周期"])
    c.keys("q", "q")
    # The same session in English, and back.
    c.keys(":")
    c.type("set language en")
    c.keys("Enter")
    s = c.wait(lambda s: console.connected(s) and "Platforms" in s)
    tap.ok(s and not HAN.search(s.split("\n")[-1]), ":set language en: the console speaks English",
           c.last)
    c.keys(":")
    c.type("set language zh")
    c.keys("Enter")
    tap.ok(c.wait(zh_connected), ":set language zh: Chinese again", c.last)
    c.keys(":")
    c.type("set language fr")
    c.keys("Enter")
    tap.ok(c.wait(lambda s: "语言：zh、en 或 auto，不是 fr" in s),
           "an unknown language is refused, in Chinese", c.last)
    c.keys(":", "q", "Enter")
    tap.ok(c.wait("EXIT=0"), "the console quits", c.last)
finally:
    c.close()

# The approver's queues and a request form, in Chinese.
atok = token(approver["user"])
entry = (reqfixtures.entries(token(official["user"]), approver["department"], "conditional")
         or [None])[0]
if entry:
    reqfixtures.file_request(token(official["user"]), entry, "中文界面核对")
c = console.Console("chinese-queue", env=ZH)
try:
    c.start("--context", approver["user"])
    tap.ok(c.wait(zh_connected), "the approver's console connects", c.last)
    c.keys(":")
    c.type("requests inbox")
    c.keys("Enter")
    s = check_view(c, "the inbox", lambda s: "共享申请：待办" in s, ["编号", "状态", "条目"])
    rows = [ln for ln in (s or "").split("\n") if "REQ-" in ln]
    tap.ok(rows and "待审批" in rows[0] and "协调中" not in rows[0],
           "the inbox opens on what the approver decides (待审批), not on a request only the "
           "data authority acts on (协调中)", rows[:3])
    if s and "REQ-" in s:
        c.keys("Enter")
        check_view(c, "a request", lambda s: "申请方" in s, ["用途", "依据"])
        c.keys("q")
    else:
        tap.skip("a request", "no request in the inbox")
        tap.skip("a request: every line fits 80 columns", "no request in the inbox")
    c.keys(":")
    c.type("objections helpdesk")
    c.keys("Enter")
    check_view(c, "the objections", lambda s: "数据异议" in s, ["编号", "状态"])
    c.keys(":", "q", "Enter")
    tap.ok(c.wait("EXIT=0"), "the console quits", c.last)
finally:
    c.close()

if entry:
    c = console.Console("chinese-form", env=ZH)
    try:
        c.start("--context", official["user"])
        tap.ok(c.wait(zh_connected), "the official's console connects", c.last)
        c.keys(":")
        c.type("open " + entry["code"])
        c.keys("Enter")
        c.wait(lambda s: "信息资源名称" in s)
        c.keys("r")
        check_view(c, "the request form", lambda s: "提交" in s, ["用途", "依据", "取消"])
        c.keys("Escape")
        c.keys(":", "q", "Enter")
        c.wait("EXIT=0")
    finally:
        c.close()
else:
    tap.skip("the request form", "no conditional entry in the approver's department")
tap.done()
