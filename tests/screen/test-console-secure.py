#!/usr/bin/env python3
"""Screen test: a secure terminal.  The idle lock (`set lock-after`, `:lock`)
leaves no data on screen, drops what is typed at it, and unlocks on Enter
only while the context's token file can be read (mode 0600); what was on
screen comes back.  A read-only context says so in the header, offers no
decision keys, and refuses a decision with the reason: the case is not
changed."""
import os
import shutil
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import console  # noqa: E402
import reqfixtures  # noqa: E402
from govdxtest import Tap, token  # noqa: E402

tap = Tap()
official, approver = reqfixtures.setup(tap)
url = os.environ["GOVDX_URL"]
work = tempfile.mkdtemp(prefix="govdx-secure-")
tok = os.path.join(work, "official.token")
shutil.copy(os.path.join(os.environ["GOVDX_TOKENS"], official["user"] + ".token"), tok)
os.chmod(tok, 0o600)
conf = os.path.join(work, "govdx.conf")
with open(conf, "w") as f:
    f.write("context add me url=%s token-file=%s\n" % (url, tok))
    f.write("context add ro url=%s token-file=%s read-only\n" % (
        url, os.path.join(os.environ["GOVDX_TOKENS"], approver["user"] + ".token")))
    f.write("set lock-after 10s\n")


def locked(s):
    return "press Enter to unlock" in s and "context me" in s


c = console.Console("secure")
try:
    c.start("--config", conf, "--context", "me")
    tap.ok(c.wait(console.connected), "the console connects", c.last)
    c.keys(":")
    c.type("search 婚姻")
    c.keys("Enter")
    before = c.wait(lambda s: "婚姻登记信息" in s and "loading" not in s)
    tap.ok(before, "a search is on screen", c.last)
    # Nothing typed: the lock comes by itself after 10 s.
    s = c.wait(locked, timeout=40)
    tap.ok(s, "after lock-after (10s) without a key the screen locks", c.last)
    tap.ok(s and "婚姻" not in s and "nat-official" not in s and "REQ-" not in s,
           "nothing of the data or the user stays on screen", c.last)
    c.keys("q")
    s = c.wait(lambda s: locked(s) or "EXIT=" in s)
    tap.ok(s and locked(s), "a key at the lock is dropped (q does not quit)", c.last)
    os.chmod(tok, 0o644)
    c.keys("Enter")
    s = c.wait(lambda s: "still locked" in s)
    tap.ok(s and "婚姻" not in s and "chmod 600" in s,
           "a token file others can read does not unlock, and says why", c.last)
    os.chmod(tok, 0o600)
    c.keys("Enter")
    s = c.wait(lambda s: "婚姻登记信息" in s and "unlocked" in s)
    tap.ok(s, "Enter with the token file readable unlocks: the search is back", c.last)
    c.keys(":")
    c.type("lock")
    c.keys("Enter")
    tap.ok(c.wait(locked), ":lock locks at once", c.last)
    c.keys("Enter")
    tap.ok(c.wait(lambda s: "婚姻登记信息" in s), "and Enter unlocks", c.last)
    c.keys(":")
    c.type("set lock-after 5s")
    c.keys("Enter")
    tap.ok(c.wait(lambda s: "lock-after: off, or a time from 10s to 24h" in s),
           "a lock time under 10 s is refused", c.last)
    c.keys(":", "q", "Enter")
    tap.ok(c.wait("EXIT=0"), "the console quits", c.last)
finally:
    c.close()

# Read-only: a pending request of the approver's inbox stays pending.
otok = token(official["user"])
entry = (reqfixtures.entries(otok, approver["department"], "conditional") or [None])[0]
rid = None
if entry:
    r = reqfixtures.file_request(otok, entry, "只读会话核对")
    rid = r.json["id"] if r.status == 201 else None
if not rid:
    tap.skip_all("cannot file a request for the read-only check")
c = console.Console("readonly")
try:
    c.start("--config", conf, "--context", "ro")
    s = c.wait(console.connected)
    tap.ok(s and "[read-only]" in s.split("\n")[0], "the header says read-only", c.last)
    tap.ok(s and " r request" not in s and " o objection" not in s,
           "the directory's hints offer no request or objection", c.last)
    c.keys(":")
    c.type("open " + rid)
    c.keys("Enter")
    s = c.wait(lambda s: rid in s and "pending" in s)
    tap.ok(s and "nothing here: read-only" in s, "the request offers nothing to do", c.last)
    c.keys("a")
    s = c.wait(lambda s: "refused, context ro is read-only" in s)
    tap.ok(s, "a decision key is refused with the reason", c.last)
    c.keys(":")
    c.type("approve " + rid)
    c.keys("Enter")
    tap.ok(c.wait(lambda s: "approve: refused, context ro is read-only" in s),
           ":approve is refused too", c.last)
    state = reqfixtures.get(token(approver["user"]), rid).json.get("state")
    tap.ok(state == "pending", "the request is still pending (%s)" % state)
    c.keys(":", "q", "Enter")
    tap.ok(c.wait("EXIT=0"), "the console quits", c.last)
finally:
    c.close()
    shutil.rmtree(work, ignore_errors=True)
tap.done()
