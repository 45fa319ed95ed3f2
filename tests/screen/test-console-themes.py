#!/usr/bin/env python3
"""Screen test: themes and colour.  Each shipped theme (default, dark-256,
light, high-contrast, mono, cb-safe), started with --theme at 80x24 under
xterm-256color, linux and vt100: the roles on screen (header, title, the
cursor row, labels, crumbs, the queue's heading, and every request and
objection state, in the detail and in the queue) are read back from tmux
(capture-pane -e) and checked against the theme file — their attributes
(bold, underline, reverse, dim, as far as the terminal has them) and their
colours (256 colours where the terminal has them, the 8 basic ones on the
linux console, none on vt100, where each role has its attributes-only
form).  Then :theme lists and switches live, a user theme in
$XDG_CONFIG_HOME/govdx/themes, and the colour decision: NO_COLOR,
CLICOLOR=0, CLICOLOR_FORCE, --color=auto|always|never and which beats
which."""
import os
import re
import subprocess
import sys
import unicodedata

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import console  # noqa: E402
import objfixtures  # noqa: E402
import reqfixtures  # noqa: E402
from govdxtest import Tap, token  # noqa: E402

THEMES = ("default", "dark-256", "light", "high-contrast", "mono", "cb-safe")
# What each terminal can show: its colours, the attributes its terminfo
# entry has, and those it cannot combine with a colour (ncv).
TERMS = {
    "xterm-256color": (256, {"bold", "dim", "underline", "reverse"}, set()),
    "linux": (8, {"bold", "dim", "underline", "reverse"}, {"underline", "dim"}),
    "vt100": (0, {"bold", "underline", "reverse"}, set()),
}
NAMES = ["black", "red", "green", "yellow", "blue", "magenta", "cyan", "white"]


# ---- the themes as files say them ------------------------------------------

def read_theme(path):
    """{role: (fg, bg, attrs)} of a theme file: fg and bg as written,
    attrs a set."""
    roles = {}
    with open(path) as f:
        for line in f:
            words = []
            for w in re.findall(r'"[^"]*"|\S+', line):
                if w.startswith("#"):
                    break  # a comment; a quoted "#rrggbb" is a colour
                words.append(w.strip('"'))
            if len(words) < 4 or words[0] != "color":
                continue
            attrs = set(words[4].replace("|", ",").split(",")) if len(words) > 4 else set()
            attrs = {"reverse" if a == "standout" else a for a in attrs} - {"normal"}
            roles[words[1]] = (words[2], words[3], attrs)
    return roles


def theme_path(name):
    return os.path.join(console.ROOT, "themes", name + ".theme")


def colour_number(c):
    """A colour of a theme line as a palette number, ("rgb", r, g, b), or
    None for the default."""
    c = c.lower()
    if c == "default":
        return None
    if c in NAMES:
        return NAMES.index(c)
    if c.startswith("bright") and c[6:] in NAMES:
        return NAMES.index(c[6:]) + 8
    if c.startswith("#"):
        return ("rgb", int(c[1:3], 16), int(c[3:5], 16), int(c[5:7], 16))
    return int(re.sub(r"^colou?r", "", c))


CUBE = [0x00, 0x5f, 0x87, 0xaf, 0xd7, 0xff]


def nearest_256(c):
    """What a 256-colour terminal shows for a theme colour (tmux's way:
    the cube or the grey ramp, whichever is closer)."""
    if not isinstance(c, tuple):
        return c
    _, r, g, b = c

    def q(v):
        return 0 if v < 48 else 1 if v < 115 else (v - 35) // 40
    qr, qg, qb = q(r), q(g), q(b)
    cr, cg, cb = CUBE[qr], CUBE[qg], CUBE[qb]
    cube = 16 + 36 * qr + 6 * qg + qb
    if (cr, cg, cb) == (r, g, b):
        return cube
    avg = (r + g + b) // 3
    gi = 23 if avg > 238 else 0 if avg < 8 else (avg - 3) // 10
    grey = 8 + 10 * gi

    def d(x, y, z):
        return (x - r) ** 2 + (y - g) ** 2 + (z - b) ** 2
    return 232 + gi if d(grey, grey, grey) < d(cr, cg, cb) else cube


MONO = read_theme(theme_path("mono"))


def expected(theme, term, role, colour_on=True):
    """(attrs, fg, bg) a role should have on screen; fg and bg None for the
    default, "basic" for any of the 8 basic colours (the linux console)."""
    colours, can, ncv = TERMS[term]
    roles = read_theme(theme_path(theme))
    has_colour = any(fg != "default" or bg != "default" for fg, bg, _ in roles.values())
    if not (colours and has_colour and colour_on):
        return MONO[role][2] & can, None, None
    fg, bg, attrs = roles[role]
    fg, bg = colour_number(fg), colour_number(bg)
    if fg is not None or bg is not None:
        attrs = attrs - ncv
    if colours >= 256:
        return attrs & can, nearest_256(fg), nearest_256(bg)
    return attrs & can, fg if fg is None else "basic", bg if bg is None else "basic"


# ---- the screen as tmux has it ---------------------------------------------

SGR = re.compile(r"\x1b\[([0-9;:]*)m")


def cells(esc):
    """capture-pane -e text as rows of (char, attrs, fg, bg) per column
    (a wide character's second column is None).  The attributes run on
    from one line to the next, as tmux writes them."""
    attrs, fg, bg = set(), None, None
    rows = []
    for line in esc.split("\n"):
        row = []
        pos = 0
        for m in list(SGR.finditer(line)) + [None]:
            text = line[pos:m.start()] if m else line[pos:]
            for ch in text:
                if ch == "\x1b":
                    continue
                row.append((ch, frozenset(attrs), fg, bg))
                if unicodedata.east_asian_width(ch) in "WF":
                    row.append(None)
            if not m:
                break
            pos = m.end()
            ps = [int(p) if p else 0 for p in re.split("[;:]", m.group(1) or "0")]
            i = 0
            while i < len(ps):
                p = ps[i]
                if p == 0:
                    attrs, fg, bg = set(), None, None
                elif p in (1, 2, 4, 7):
                    attrs.add({1: "bold", 2: "dim", 4: "underline", 7: "reverse"}[p])
                elif p == 22:
                    attrs -= {"bold", "dim"}
                elif p == 24:
                    attrs.discard("underline")
                elif p == 27:
                    attrs.discard("reverse")
                elif 30 <= p <= 37:
                    fg = p - 30
                elif 90 <= p <= 97:
                    fg = p - 90 + 8
                elif 40 <= p <= 47:
                    bg = p - 40
                elif 100 <= p <= 107:
                    bg = p - 100 + 8
                elif p == 39:
                    fg = None
                elif p == 49:
                    bg = None
                elif p in (38, 48) and i + 2 < len(ps) and ps[i + 1] == 5:
                    if p == 38:
                        fg = ps[i + 2]
                    else:
                        bg = ps[i + 2]
                    i += 2
                elif p in (38, 48) and i + 4 < len(ps) and ps[i + 1] == 2:
                    v = ("rgb",) + tuple(ps[i + 2:i + 5])
                    if p == 38:
                        fg = v
                    else:
                        bg = v
                    i += 4
                i += 1
        rows.append(row)
    return rows


def style_at(grid, y, x):
    """(attrs, fg, bg) of the cell at row y, column x; None off the text."""
    if y >= len(grid) or x >= len(grid[y]) or grid[y][x] is None:
        return None
    _, a, fg, bg = grid[y][x]
    return set(a), fg, bg


def matches(got, want):
    if got is None:
        return False
    (ga, gfg, gbg), (wa, wfg, wbg) = got, want

    def same(g, w):
        return g is not None and isinstance(g, int) and g < 8 if w == "basic" else g == w
    return ga == wa and same(gfg, wfg) and same(gbg, wbg)


def find(grid, y, word, start=0):
    """The column of word on row y of the screen's text, or -1."""
    text = "".join(c[0] if c else "" for c in grid[y]) if y < len(grid) else ""
    # Columns, not characters: count the wide ones twice.
    i = text.find(word, start)
    if i < 0:
        return -1
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text[:i])


COLOUR_CODE = re.compile(r"\x1b\[[0-9;]*(3[0-7]|4[0-7]|9[0-7]|10[0-7]|38;5;\d+|48;5;\d+|38;2;[\d;]+)m")
WIDE_CODE = re.compile(r"\x1b\[[0-9;]*(9[0-7]|10[0-7]|38;5;\d+|48;5;\d+|38;2;[\d;]+)m")


# ---- fixtures: one request or objection in each state ------------------------

tap = Tap()
official, approver = reqfixtures.setup(tap)
ob_official, helpdesk, ob_approver = objfixtures.setup(tap)
if ob_official["user"] != official["user"]:
    tap.skip_all("the request and objection fixtures want different officials")
otok, atok, htok = token(official["user"]), token(approver["user"]), token(helpdesk["user"])
entry = (reqfixtures.entries(otok, approver["department"], "conditional", 1) or [None])[0]
if not entry:
    tap.skip_all("department %s has no conditional entry with items" % approver["department"])

cases = {}  # state -> id
for state, steps in (("pending", []), ("pending", []),
                     ("approved", [(atok, "approve", "同意共享")]),
                     ("rejected", [(atok, "reject", "不符合共享条件")]),
                     ("returned", [(atok, "return", "请补充用途说明")]),
                     ("withdrawn", [(otok, "withdraw", "不再需要")])):
    r = reqfixtures.file_request(otok, entry, "主题测试 " + state)
    if r.status != 201:
        tap.skip_all("cannot file a request: %r" % r)
    for tok, action, reason in steps:
        t = reqfixtures.transition(tok, r.json["id"], action, reason)
        if t.status != 200:
            tap.skip_all("cannot %s %s: %r" % (action, r.json["id"], t))
    cases[state] = r.json["id"]
target = (objfixtures.undisputed(otok, ob_approver["department"], 1) or [None])[0]
if target:
    for state, steps in (("raised", []), ("dismissed", [(htok, "dismiss", "非本目录数据")])):
        r = objfixtures.raise_objection(otok, target["code"], "主题测试 " + state)
        if r.status != 201:
            tap.skip_all("cannot raise an objection: %r" % r)
        for tok, action, reason in steps:
            t = objfixtures.transition(tok, r.json["id"], action, reason)
            if t.status != 200:
                tap.skip_all("cannot %s %s: %r" % (action, r.json["id"], t))
        cases[state] = r.json["id"]


def command(c, line):
    c.keys(":")
    c.type(line)
    c.keys("Enter")


def check_role(c, grid, what, y, x, want):
    got = style_at(grid, y, x)
    tap.ok(matches(got, want), "%s: %s" % (c.name, what),
           "at row %d col %d: got %r, want %r" % (y, x, got, want))


def theme_screens(theme, term):
    """One console: the detail of each case and the pending queue."""
    c = console.Console("%s-%s" % (theme, term), term=term)
    try:
        c.start("--context", official["user"], "--theme", theme)
        s = c.wait(lambda s: console.connected(s) and "国家" in s, timeout=15)
        tap.ok(s, "%s: the console opens with --theme %s under TERM=%s" % (c.name, theme, term),
               c.last)
        if not s:
            return
        esc = c.screen(escapes=True)
        colours = TERMS[term][0]
        has = bool(COLOUR_CODE.search(esc))
        tap.eq(has, bool(colours) and theme != "mono",
               "%s: colour on screen only where the terminal and the theme have it" % c.name)
        if colours and colours < 256:
            tap.ok(not WIDE_CODE.search(esc),
                   "%s: only the 8 basic colours on a terminal of 8" % c.name,
                   repr(WIDE_CODE.search(esc)))
        grid = cells(esc)
        check_role(c, grid, "the header", 0, 1, expected(theme, term, "header"))
        check_role(c, grid, "the crumbs", c.rows - 3, 1, expected(theme, term, "crumbs"))

        first = True
        for state, cid in cases.items():
            command(c, "open " + cid)
            s = c.wait(lambda s: cid in s and " State " in s and "loading" not in s, timeout=15)
            if not s:
                tap.ok(False, "%s: %s opens" % (c.name, cid), c.last)
                continue
            grid = cells(c.screen(escapes=True))
            y = next(i for i, l in enumerate(c.lines()) if l.startswith(" State "))
            x = find(grid, y, state, 7)
            check_role(c, grid, "the State field says %s in its role" % state, y, x,
                       expected(theme, term, "state_" + state))
            if first:
                first = False
                check_role(c, grid, "the view's title", 1, 1, expected(theme, term, "title"))
                check_role(c, grid, "the cursor row", 2, 1, expected(theme, term, "selected"))
                check_role(c, grid, "a field's label", y, 1, expected(theme, term, "label"))
                # Off the first line, its state is drawn in the state's role.
                c.keys("j")
                c.wait(lambda s: True)
                grid = cells(c.screen(escapes=True))
                x = find(grid, 2, "  " + state) + 2
                check_role(c, grid, "the first line's %s in its role" % state, 2, x,
                           expected(theme, term, "state_" + state))
            c.keys("q")
        command(c, "requests outbox pending")
        s = c.wait(lambda s: "Requests: outbox · pending" in s and "loading" not in s,
                   timeout=15)
        tap.ok(s, "%s: the pending outbox opens" % c.name, c.last)
        if s:
            grid = cells(c.screen(escapes=True))
            check_role(c, grid, "the queue's heading", 2, find(grid, 2, "State"),
                       expected(theme, term, "dim"))
            # A row under the cursor row (3), neither tagged (*) nor new (N).
            ys = [i for i, l in enumerate(c.lines()[4:c.rows - 3], 4)
                  if " pending " in l and not l[:3].strip()]
            tap.ok(ys, "%s: the queue has a second pending row" % c.name, c.last)
            if ys:
                check_role(c, grid, "the queue's state column", ys[0],
                           find(grid, ys[0], "pending"), expected(theme, term, "state_pending"))
    finally:
        c.close()


for theme in THEMES:
    for term in TERMS:
        theme_screens(theme, term)


# ---- :theme, live ------------------------------------------------------------

home = None
c = console.Console("live")
try:
    mine = os.path.join(c.home, "config", "govdx", "themes")
    os.makedirs(mine)
    with open(os.path.join(mine, "mine.theme"), "w") as f:
        f.write('# a user theme\ncolor header "#ff0000" default bold,underline\n')
    c.start("--context", official["user"])
    tap.ok(c.wait(lambda s: console.connected(s) and "国家" in s), "live: the console opens",
           c.last)
    command(c, "theme")
    tap.ok(c.wait(lambda s: "themes: cb-safe dark-256 default* high-contrast light mine mono" in s),
           ":theme lists the built-in and the user's themes, the current one starred", c.last)
    command(c, "theme mono")
    tap.ok(c.wait("theme mono"), ":theme mono says so", c.last)
    esc = c.screen(escapes=True)
    tap.ok(not COLOUR_CODE.search(esc), ":theme mono: no colour left on screen", esc[:1500])
    check_role(c, cells(esc), ":theme mono: the header reversed", 0, 1,
               expected("mono", "xterm-256color", "header"))
    command(c, "theme dark-256")
    tap.ok(c.wait("theme dark-256"), ":theme dark-256 switches again", c.last)
    check_role(c, cells(c.screen(escapes=True)), ":theme dark-256: the header in its colours",
               0, 1, expected("dark-256", "xterm-256color", "header"))
    command(c, "theme mine")
    tap.ok(c.wait("theme mine"), ":theme mine: a theme of the user's directory", c.last)
    check_role(c, cells(c.screen(escapes=True)), ":theme mine: #ff0000 is colour 196", 0, 1,
               ({"bold", "underline"}, 196, None))
    command(c, "theme no-such-theme")
    tap.ok(c.wait("no theme named 'no-such-theme'"), ":theme of an unknown name is an error",
           c.last)
    check_role(c, cells(c.screen(escapes=True)), "... and the theme stays", 0, 1,
               ({"bold", "underline"}, 196, None))
    command(c, "set theme light")
    check_role(c, cells(c.screen(escapes=True)), "set theme light switches too", 0, 1,
               expected("light", "xterm-256color", "header"))
finally:
    c.close()


# ---- colour or not -----------------------------------------------------------

def colour_case(name, env, args, want_colour, term="xterm-256color", status=None):
    c = console.Console("colour-" + name, term=term, env=env)
    try:
        c.start("--context", official["user"], *args)
        s = c.wait(lambda s: console.connected(s) and "国家" in s and
                   (status is None or status in s))
        tap.ok(s, "%s: the console opens%s" % (name, " and says so" if status else ""), c.last)
        esc = c.screen(escapes=True)
        tap.eq(bool(COLOUR_CODE.search(esc)), want_colour,
               "%s: %s" % (name, "colour" if want_colour else "no colour, attributes only"))
        if not want_colour:
            check_role(c, cells(esc), name + ": the header in reverse video", 0, 1,
                       expected("default", term, "header", colour_on=False))
    finally:
        c.close()


colour_case("NO_COLOR=1", {"NO_COLOR": "1"}, [], False)
colour_case("NO_COLOR empty", {"NO_COLOR": ""}, [], True)
colour_case("CLICOLOR=0", {"CLICOLOR": "0"}, [], False)
colour_case("CLICOLOR=1", {"CLICOLOR": "1"}, [], True)
colour_case("NO_COLOR beats CLICOLOR_FORCE", {"NO_COLOR": "1", "CLICOLOR_FORCE": "1"}, [], False)
colour_case("CLICOLOR_FORCE beats CLICOLOR=0", {"CLICOLOR": "0", "CLICOLOR_FORCE": "1"}, [], True)
colour_case("--color=never", {}, ["--color=never"], False)
colour_case("--color=never beats CLICOLOR_FORCE", {"CLICOLOR_FORCE": "1"}, ["--color=never"],
            False)
colour_case("--color=always beats NO_COLOR", {"NO_COLOR": "1"}, ["--color=always"], True)
colour_case("--color=auto beats NO_COLOR", {"NO_COLOR": "1"}, ["--color", "auto"], True)
colour_case("--color=always on vt100", {}, ["--color=always"], False, term="vt100",
            status="has none: attributes only")
colour_case("CLICOLOR_FORCE on vt100", {"CLICOLOR_FORCE": "1"}, [], False, term="vt100",
            status="has none: attributes only")

exe = console.binary()
# A bad --color is a usage error (exit 2); a theme not found a failure (1).
for args, msg, status in ((["--color=sometimes"], "--color takes auto, always or never, not 'sometimes'", 2),
                          (["--theme", "no-such-theme"], "no theme named 'no-such-theme'", 1)):
    r = subprocess.run([exe] + args, env=dict(os.environ, TERM="xterm", LANG="C.UTF-8"),
                       stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       text=True, timeout=30)
    tap.ok(r.returncode == status and msg in r.stderr and len(r.stderr.splitlines()) == 1,
           "%s: exit %d with one line" % (" ".join(args), status), (r.returncode, r.stderr))
r = subprocess.run([exe, "--help"], stdout=subprocess.PIPE, text=True, timeout=30)
tap.ok(all(o in r.stdout for o in ("--theme NAME", "--color=WHEN", "--read-only")),
       "--help names --theme, --color and --read-only", r.stdout)
tap.done()
