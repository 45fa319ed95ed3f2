#!/usr/bin/env python3
"""Screen test: the command-line history survives a restart, is kept under
$XDG_STATE_HOME/govdx/history with mode 0600, and Tab completes commands."""
import os
import stat
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import console  # noqa: E402
from govdxtest import Tap  # noqa: E402

tap = Tap()
console.setup(tap)

c = console.Console("history")
try:
    c.start()
    tap.ok(c.wait(console.connected), "the console connects", c.last)
    c.keys(":")
    c.type("search 婚姻登记")
    c.keys("Enter")
    s = c.wait(lambda s: 'Search "婚姻登记"' in s and "婚姻登记信息" in s)
    tap.ok(s, ":search 婚姻登记 lists matching entries", c.last)
    c.keys("Enter")
    tap.ok(c.wait(lambda s: "Entry " in s and "婚姻登记" in s), "Enter opens a search result", c.last)
    # q closes the entry, the search, then the console (no :q in the history).
    c.keys("q")
    c.wait('Search "婚姻登记"')
    c.keys("q")
    c.wait("Platforms")
    c.keys("q")
    tap.ok(c.wait("EXIT=0"), "q on the first view quits", c.last)
    path = os.path.join(c.home, "state", "govdx", "history")
    tap.ok(os.path.exists(path), "the history file is $XDG_STATE_HOME/govdx/history", path)
    if os.path.exists(path):
        tap.eq(stat.S_IMODE(os.stat(path).st_mode), 0o600, "the history file has mode 0600")

    c.start()
    tap.ok(c.wait(console.connected), "the console starts again", c.last)
    c.keys(":", "Up")
    tap.ok(c.wait(lambda s: ":search 婚姻登记" in c.lines()[23]),
           ": then Up brings back the command of the last run", c.last)
    c.keys("C-u")
    c.type("hel")
    c.keys("Tab")
    tap.ok(c.wait(lambda s: ":help" in c.lines()[23]), "Tab completes a command name", c.last)
    c.keys("Enter")
    tap.ok(c.wait("Help: keys and commands"), "the completed command runs", c.last)
    tap.ok(c.wait(lambda s: "page-down" in s and "collapse" in s),
           "help lists commands from the action table with their keys", c.last)
    c.keys("/")
    c.type("search")
    c.keys("Enter")
    tap.ok(c.wait(lambda s: "search" in s and "page-down" not in s and "[/search]" in s),
           "/ filters the help too", c.last)
finally:
    c.close()
tap.done()
