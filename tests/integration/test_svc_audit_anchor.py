#!/usr/bin/env python3
"""The audit chain anchored outside the database (serve --audit-anchor).

An instance of the service of its own, on the test database, writes the
signed head to a file: a start line, a line once each new event is
committed (--audit-anchor-every 1), a stop line. `audit verify --anchor`
holds the chain to the file: all holds on the untouched chain. Then, as a
superuser could, the last event is edited and re-hashed together with the
head: the chain alone still verifies (exit 0) — the anchor catches it
(exit 1, naming the line and the seq). The last event cut with the head
moved back: caught too. An edited anchor line and a key that is not the
one that signed: refused by signature. Every tampering is undone in a
finally; tests run one at a time, so no other test sees them.
"""
import datetime
import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
TOP_SRC = os.environ.get("top_srcdir", os.path.join(HERE, "..", ".."))
sys.path.insert(0, os.path.join(TOP_SRC, "tests/lib"))
from govdxtest import Tap, run_sql, api, env_or_skip, exchanged_or_skip, token, users, wait_until  # noqa: E402

tap = Tap()
url, db = env_or_skip(tap, "GOVDX_URL", "GOVDX_DB")
BIN = exchanged_or_skip(tap)
if not shutil.which("psql"):
    tap.skip_all("psql is not installed")
TMP = tempfile.mkdtemp(prefix="govdx-anchor-")
ANCHORS = os.path.join(TMP, "anchors")
KEY = os.path.join(TMP, "key")
with open(os.open(KEY, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "w") as f:
    f.write(secrets.token_hex(32) + "\n")
OTHER_KEY = os.path.join(TMP, "other-key")
with open(os.open(OTHER_KEY, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "w") as f:
    f.write(secrets.token_hex(32) + "\n")


def psql(sql):
    rc, out, err = run_sql(db, sql)
    if rc != 0:
        raise RuntimeError(err)
    return out


def verify(*extra):
    return subprocess.run([BIN, "audit", "verify", "--db", db, *extra], capture_output=True, text=True,
                          timeout=300)


def lines():
    if not os.path.exists(ANCHORS):
        return []
    with open(ANCHORS) as f:
        return f.read().splitlines()


def head():
    seq, h = psql("SELECT seq, hash FROM audit_head").split("|")
    return int(seq), h


# ---- the writer ----------------------------------------------------------------
port_file = os.path.join(TMP, "port")
log = open(os.path.join(TMP, "serve.log"), "w")
proc = subprocess.Popen([BIN, "serve", "--db", db, "--listen", "127.0.0.1:0", "--threads", "2",
                         "--port-file", port_file, "--audit-anchor", ANCHORS, "--audit-key-file", KEY,
                         "--audit-anchor-every", "1"], stderr=log, stdout=subprocess.DEVNULL,
                        stdin=subprocess.DEVNULL)
try:
    port = wait_until(lambda: open(port_file).read().strip() if os.path.exists(port_file) else None, 30)
    tap.ok(port, "serve --audit-anchor starts")
    base = "http://127.0.0.1:%s" % port
    first = lines()
    seq0, hash0 = head()
    tap.ok(len(first) == 1 and first[0].startswith("govdx-anchor 1 seq=%d hash=%s " % (seq0, hash0))
           and " why=start mac=" in first[0], "a start line with the head as it was", first)
    tap.eq(oct(os.stat(ANCHORS).st_mode & 0o777), "0o600", "the anchor file is 0600")

    # One committed change through this instance: a request.
    U = {u["user"]: u for u in users()}
    provider = U["hebei-approver"]["department"]
    r = api("GET", "/v1/entries?department=%s&sharing=conditional&limit=20" % provider,
            tok=token("hebei-official"), base=base)
    entry = None
    for e in (r.json or {}).get("items", []) if r.status == 200 else []:
        d = api("GET", "/v1/entries/" + e["code"], tok=token("hebei-official"), base=base)
        if d.status == 200 and d.json.get("items"):
            entry = (e["code"], [i["name"] for i in d.json["items"]][:1])
            break
    if not entry:
        tap.skip_all("no conditional entry with items in department %s" % provider)
    today = datetime.datetime.now(datetime.timezone(datetime.timedelta(hours=8))).date()
    body = {"entry_code": entry[0], "purpose": "核对审计锚点", "legal_basis": "《政务数据共享条例》",
            "items": entry[1], "period": {"from": today.isoformat(),
                                          "to": (today + datetime.timedelta(days=30)).isoformat()}}
    r = api("POST", "/v1/requests", tok=token("hebei-official"), body=body, base=base)
    tap.eq(r.status, 201, "a request is created through the instance")
    seq1, hash1 = head()
    tap.ok(seq1 > seq0, "... the audit head moved", (seq0, seq1))
    tap.ok(wait_until(lambda: any(("seq=%d hash=%s" % (seq1, hash1)) in ln and " why=events " in ln
                                  for ln in lines()), 30),
           "the new head is anchored (why=events)", lines())
finally:
    proc.send_signal(signal.SIGTERM)
    try:
        rc = proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        proc.kill()
        rc = proc.wait()
tap.eq(rc, 0, "serve stops with status 0")
last = lines()[-1] if lines() else ""
seqs, hashs = head()
tap.ok(" why=stop " in last and ("seq=%d hash=%s" % (seqs, hashs)) in last, "a stop line with the final head",
       last)

r = verify("--anchor", ANCHORS, "--key-file", KEY)
tap.ok(r.returncode == 0 and ("anchors: %d lines hold" % len(lines())) in r.stdout,
       "audit verify --anchor: every line holds, exit 0", (r.returncode, r.stdout, r.stderr))

# ---- a rewritten end: the chain alone cannot tell ------------------------------
seq, h = head()
row = psql("SELECT reason IS NULL, coalesce(reason, ''), hash, prev_hash FROM audit_event WHERE seq = %d" % seq)
null_reason, reason, old_hash, prev = row.split("|")
try:
    psql("BEGIN; SET LOCAL session_replication_role = replica;"
         " UPDATE audit_event SET reason = 'rewritten by a superuser' WHERE seq = %d;"
         " UPDATE audit_event SET hash = govdx_audit_hash(prev_hash, govdx_audit_canonical(seq, at, actor, action,"
         " subject, from_state, to_state, reason)) WHERE seq = %d;"
         " UPDATE audit_head SET hash = (SELECT hash FROM audit_event WHERE seq = %d); COMMIT;" % (seq, seq, seq))
    plain = verify()
    tap.ok(plain.returncode == 0 and "chain: intact" in plain.stdout,
           "the last event edited and re-hashed with the head: the chain alone verifies", plain.stdout)
    r = verify("--anchor", ANCHORS, "--key-file", KEY)
    tap.ok(r.returncode == 1 and ("(seq %d, " % seq) in r.stdout and "the chain was rewritten" in r.stdout
           and "audit: NOT VERIFIED" in r.stdout, "... the anchor catches it: exit 1, the seq named",
           (r.returncode, r.stdout))
finally:
    psql("BEGIN; SET LOCAL session_replication_role = replica;"
         " UPDATE audit_event SET reason = %s, hash = '%s' WHERE seq = %d;"
         " UPDATE audit_head SET hash = '%s'; COMMIT;"
         % ("NULL" if null_reason == "t" else "'" + reason.replace("'", "''") + "'", old_hash, seq, old_hash))
tap.eq(verify("--anchor", ANCHORS, "--key-file", KEY).returncode, 0, "put back: exit 0 again")

# ---- a cut end -----------------------------------------------------------------
saved = psql("SELECT to_json(e)::text FROM audit_event e WHERE seq = %d" % seq)
try:
    psql("BEGIN; SET LOCAL session_replication_role = replica;"
         " DELETE FROM audit_event WHERE seq = %d;"
         " UPDATE audit_head SET seq = %d, hash = '%s'; COMMIT;" % (seq, seq - 1, prev))
    r = verify("--anchor", ANCHORS, "--key-file", KEY)
    tap.ok(r.returncode == 1 and ("the chain has no event %d: its end was cut" % seq) in r.stdout,
           "the last event cut with the head moved back: the anchor names it", (r.returncode, r.stdout))
finally:
    psql("BEGIN; SET LOCAL session_replication_role = replica;"
         " INSERT INTO audit_event SELECT * FROM json_populate_record(NULL::audit_event, $j$%s$j$::json);"
         " UPDATE audit_head SET seq = %d, hash = '%s'; COMMIT;" % (saved, seq, old_hash))
tap.eq(verify("--anchor", ANCHORS, "--key-file", KEY).returncode, 0, "put back: exit 0 again")

# ---- the file itself -------------------------------------------------------------
edited = os.path.join(TMP, "edited")
text = lines()
text[0] = text[0].replace("seq=%d " % seq0, "seq=%d " % (seq0 + 1), 1) if seq0 < 9 else \
    text[0].replace("seq=%d " % seq0, "seq=%d " % (seq0 - 1), 1)
with open(edited, "w") as f:
    f.write("\n".join(text) + "\n")
r = verify("--anchor", edited, "--key-file", KEY)
tap.ok(r.returncode == 1 and "anchor line 1: the signature does not match" in r.stdout,
       "an edited anchor line: its signature does not match", r.stdout)
r = verify("--anchor", ANCHORS, "--key-file", OTHER_KEY)
tap.ok(r.returncode == 1 and r.stdout.count("the signature does not match") == len(lines()),
       "another key: no line verifies", r.stdout)
with open(edited, "w") as f:
    f.write("")
r = verify("--anchor", edited, "--key-file", KEY)
tap.ok(r.returncode == 1 and "has no line" in r.stdout, "an empty anchor file is a finding", r.stdout)
r = verify("--anchor", ANCHORS)
tap.eq(r.returncode, 2, "--anchor without --key-file: exit 2")
os.chmod(KEY, 0o644)
r = verify("--anchor", ANCHORS, "--key-file", KEY)
tap.ok(r.returncode == 1 and "--key-file" in r.stderr, "a key file others may read is refused", r.stderr)
os.chmod(KEY, 0o600)
r = subprocess.run([BIN, "serve", "--db", db, "--listen", "127.0.0.1:0", "--audit-anchor", ANCHORS],
                   capture_output=True, text=True, timeout=60)
tap.eq(r.returncode, 2, "serve --audit-anchor without --audit-key-file: exit 2")
short = os.path.join(TMP, "short-key")
with open(os.open(short, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "w") as f:
    f.write("too short\n")
r = subprocess.run([BIN, "serve", "--db", db, "--listen", "127.0.0.1:0", "--audit-anchor", ANCHORS,
                    "--audit-key-file", short], capture_output=True, text=True, timeout=60)
tap.ok(r.returncode == 1 and "shorter than 32 bytes" in r.stderr, "a key under 32 bytes: refused", r.stderr)
shutil.rmtree(TMP, ignore_errors=True)
tap.done()
