#!/usr/bin/env python3
"""Screen test: Home and End as terminals send them (\\e[1~ \\e[4~ \\e[H \\e[F
\\eOH \\eOF \\e[7~ \\e[8~), raw, under TERM=xterm-256color whose terminfo names
other sequences: they move to the first and last row and never act as Esc
(which would close the view); a sequence no key is known for is ignored —
neither Esc nor its characters ("~ is not bound here")."""
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import console  # noqa: E402
from govdxtest import Tap  # noqa: E402

tap = Tap()
console.setup(tap)


def position(c):
    """(cursor row, rows) from the status line's "n/m" or "n/m+"."""
    m = re.search(r" (\d+)/(\d+)\+? *[|/\\ -]? *$", c.lines()[22])
    return (int(m.group(1)), int(m.group(2))) if m else None


def raw(c, seq):
    """Sends the bytes of seq as one write, as a terminal does."""
    c.tmux("send-keys", "-H", *["%02x" % b for b in seq.encode()])


c = console.Console("keys", term="xterm-256color")
try:
    c.start()
    tap.ok(c.wait(console.connected), "the console connects", c.last)
    c.keys(":")
    c.type("search 民政")
    c.keys("Enter")
    title = 'Search "民政"'
    tap.ok(c.wait(lambda s: title in s and position(c) and position(c)[1] > 20),
           "the search lists a screenful and more", c.last)
    for home, end in (("\x1b[1~", "\x1b[4~"), ("\x1b[H", "\x1b[F"), ("\x1bOH", "\x1bOF"),
                      ("\x1b[7~", "\x1b[8~")):
        raw(c, end)
        s = c.wait(lambda s: position(c) and position(c)[0] > 20)
        tap.ok(s and title in s, "%r goes to the bottom and keeps the view" % end, c.last)
        tap.ok("not bound" not in c.lines()[22], "%r leaves nothing unbound behind" % end,
               c.lines()[22])
        raw(c, home)
        s = c.wait(lambda s: position(c) and position(c)[0] == 1)
        tap.ok(s and title in s, "%r goes to the first row" % home, c.last)
    raw(c, "\x1b[99~")
    c.keys("j")
    s = c.wait(lambda s: position(c) and position(c)[0] == 2)
    tap.ok(s and title in s and "not bound" not in c.lines()[22],
           "an unknown sequence is ignored: not Esc, not keys", c.last)
    c.keys("Escape")
    tap.ok(c.wait(lambda s: title not in s and "Platforms" in s),
           "a bare Esc still goes back", c.last)
    c.keys(":", "q", "Enter")
    tap.ok(c.wait("EXIT=0"), "the console quits normally", c.last)
finally:
    c.close()
tap.done()
