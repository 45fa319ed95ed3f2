#!/usr/bin/env python3
"""test-tui-circles — no import circle in the console wider than a view and
its helper (docs/architecture.md "Layers").

Reads the console's objects as built (top_builddir/tui/**/govdx-*.o) with
nm: file A uses file B when A's object needs a symbol that B's object
defines.  The strongly connected parts of that graph are the circles; each
must be at most two files, and only the pairs named here may form one.  A
call through a function pointer (the views the app opens, the table the
app was given) is no arrow: that is how the layers above hand the layers
below what they need.  Skips when the objects are not built."""
import glob
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.environ.get("top_srcdir") or os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(ROOT, "tests/lib"))
from govdxtest import Tap  # noqa: E402

# A file and its helper: the app and its question; the directory view and
# its keys.
ALLOWED = [{"tui/app", "tui/app-prompt"},
           {"tui/views/view-directory", "tui/views/view-directory-keys"}]

tap = Tap()
build = os.environ.get("top_builddir") or os.path.join(ROOT, "build-check")
objs = glob.glob(os.path.join(build, "tui", "**", "govdx-*.o"), recursive=True)
if not objs:
    tap.skip_all("the console's objects are not built under %s" % build)


def name(o):
    rel = os.path.relpath(o, build)
    d, f = os.path.split(rel)
    return os.path.join(d, f[len("govdx-"):-2])


def nm(args, o):
    r = subprocess.run(["nm"] + args + [o], stdout=subprocess.PIPE, text=True, check=True)
    return [line.split() for line in r.stdout.splitlines()]


defs = {}
for o in objs:
    for w in nm(["--defined-only", "-g"], o):
        if len(w) == 3:
            defs[w[2]] = name(o)
uses = {name(o): set() for o in objs}
for o in objs:
    for w in nm(["-u"], o):
        if w and w[-1] in defs and defs[w[-1]] != name(o):
            uses[name(o)].add(defs[w[-1]])

# Tarjan's strongly connected components, iteratively.
index, low, on, stack, comps, counter = {}, {}, set(), [], [], [0]
for root in sorted(uses):
    if root in index:
        continue
    work = [(root, iter(sorted(uses[root])))]
    index[root] = low[root] = counter[0]
    counter[0] += 1
    stack.append(root)
    on.add(root)
    while work:
        v, it = work[-1]
        w = next(it, None)
        if w is None:
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[v])
            if low[v] == index[v]:
                comp = set()
                while True:
                    x = stack.pop()
                    on.discard(x)
                    comp.add(x)
                    if x == v:
                        break
                comps.append(comp)
        elif w not in index:
            index[w] = low[w] = counter[0]
            counter[0] += 1
            stack.append(w)
            on.add(w)
            work.append((w, iter(sorted(uses[w]))))
        elif w in on:
            low[v] = min(low[v], index[w])

circles = [c for c in comps if len(c) > 1]
tap.ok(len(uses) > 30, "the console's objects are read (%d files)" % len(uses))
wide = [sorted(c) for c in circles if c not in ALLOWED]
tap.ok(not wide, "no circle but a file and its helper", wide)
namers = sorted(f for f in uses if "tui/cmd/cmd-table" in uses[f])
tap.ok(namers == ["tui/app-new"], "only app_new names the command table", namers)
below = [f for f in uses if f.startswith(("tui/views/", "tui/model/", "tui/ui/")) or
         f in ("tui/app", "tui/app-prompt")]
up = sorted("%s -> %s" % (f, t) for f in below for t in uses[f]
            if t.startswith("tui/cmd/") and t not in ("tui/cmd/cmd-keys", "tui/cmd/cmd-names"))
tap.ok(not up, "below the commands, nothing uses a command's handler or the dispatcher", up)
tap.done()
