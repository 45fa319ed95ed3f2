#!/usr/bin/env python3
"""`govdx-exchanged audit verify`: the operator's check of the audit trail.

- On the test database as the suite leaves it: the chain is intact, every
  request, objection and disputed mark agrees with its events, exit 0.
- Each tampering is committed, as a superuser with the triggers off
  (session_replication_role), checked, and put back at once, in a finally:
  a request's state changed behind the workflow, an entry marked disputed
  with no open objection, an audit event's reason edited.  Each is named on
  stdout and the exit status is 1; once put back, 0 again.
- Usage errors exit 2; a database that cannot be reached exits 1 with one
  line on stderr.

Talks to the real database (GOVDX_DB) through psql and the command.  The
tamperings last milliseconds and are always undone; tests run one at a time
(make check without -j), so no other test sees them.
"""
import os
import shutil
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
TOP_SRC = os.environ.get("top_srcdir", os.path.join(HERE, "..", ".."))
sys.path.insert(0, os.path.join(TOP_SRC, "tests/lib"))
from govdxtest import Tap, run_sql, api, env_or_skip, exchanged_or_skip, token  # noqa: E402

tap = Tap()
BIN = exchanged_or_skip(tap)
DB, = env_or_skip(tap, "GOVDX_DB")
if not shutil.which("psql"):
    tap.skip_all("psql is not installed")


def audit(*args):
    return subprocess.run([BIN, "audit", *args], capture_output=True, text=True, timeout=300)


def psql(sql):
    rc, out, err = run_sql(DB, sql)
    if rc != 0:
        raise RuntimeError(err)
    return out


def behind(sql):
    """A change committed with the triggers off, as a superuser could."""
    psql("BEGIN; SET LOCAL session_replication_role = replica; " + sql + "; COMMIT;")


def endpoint():
    """GET /v1/audit/verify as an admin: the JSON, or the answer."""
    r = api("GET", "/v1/audit/verify", tok=ADMIN)
    return r.json if r.status == 200 else r


def lit(s):
    return "NULL" if s is None else "'" + s.replace("'", "''") + "'"


ADMIN = token("nat-admin") if os.environ.get("GOVDX_URL") and os.environ.get("GOVDX_TOKENS") else None

p = audit("verify", "--db", DB)
tap.ok(p.returncode == 0 and "chain: intact" in p.stdout and p.stdout.strip().endswith("audit: verified"),
       "the suite's database verifies: chain intact, rows agree, exit 0", p)
if ADMIN:
    v = endpoint()
    tap.ok(isinstance(v, dict) and v.get("ok") is True and v.get("rows_ok") is True and v.get("rows") == [],
           "GET /v1/audit/verify agrees: ok, rows_ok, no rows", v)

# A request whose row says another state than its last event: a finished
# one, forged into the other finished state (neither has a deadline, so
# the row's constraints hold whichever tests ran before this one).
rid, state = (psql("SELECT id || '|' || state FROM request WHERE state IN ('closed', 'withdrawn')"
                   " ORDER BY id DESC LIMIT 1") or "|").split("|")
if not rid:
    tap.skip_all("no closed or withdrawn request in the test database")
forged = "closed" if state != "closed" else "withdrawn"
try:
    behind(f"UPDATE request SET state = '{forged}' WHERE id = '{rid}'")
    p = audit("verify", "--db", DB)
    tap.ok(p.returncode == 1 and f"request {rid} is {forged}, but its last audit event says {state}" in p.stdout
           and "audit: NOT VERIFIED" in p.stdout,
           "a request's state changed behind the workflow is named, exit 1", p)
    if ADMIN:
        v = endpoint()
        tap.ok(isinstance(v, dict) and v.get("ok") is True and v.get("rows_ok") is False and
               {"subject": f"request:{rid}",
                "message": f"request {rid} is {forged}, but its last audit event says {state}"} in v.get("rows", []),
               "... and the endpoint names it in rows (the chain itself is intact)", v)
finally:
    behind(f"UPDATE request SET state = '{state}' WHERE id = '{rid}'")

# An entry marked disputed with no open objection.
code = psql("SELECT e.code FROM entry e WHERE NOT e.disputed AND NOT EXISTS (SELECT 1 FROM objection o"
            " WHERE o.entry_code = e.code) ORDER BY e.code LIMIT 1")
try:
    behind(f"UPDATE entry SET disputed = true WHERE code = '{code}'")
    p = audit("verify", "--db", DB)
    tap.ok(p.returncode == 1 and f"entry {code} is marked disputed, but none of its objections is open" in p.stdout,
           "a disputed mark no objection explains is named, exit 1", p)
finally:
    behind(f"UPDATE entry SET disputed = false WHERE code = '{code}'")

# An audit event edited after the fact.
seq, reason = psql("SELECT seq || '|' || coalesce(reason, '<null>') FROM audit_event ORDER BY seq DESC"
                   " LIMIT 1").split("|", 1)
reason = None if reason == "<null>" else reason
try:
    behind(f"UPDATE audit_event SET reason = coalesce(reason, '') || '（已篡改）' WHERE seq = {seq}")
    p = audit("verify", "--db", DB)
    tap.ok(p.returncode == 1 and f"chain: broken at seq {seq}: event {seq}: its hash does not match its content"
           in p.stdout, "an edited audit event breaks the chain at its seq, exit 1", p)
finally:
    behind(f"UPDATE audit_event SET reason = {lit(reason)} WHERE seq = {seq}")

p = audit("verify", "--db", DB)
tap.ok(p.returncode == 0 and p.stdout.strip().endswith("audit: verified"), "put back, it verifies again", p)

p = audit()
tap.ok(p.returncode == 2 and "audit wants: verify" in p.stderr, "audit alone is a usage error (2)", p)
p = audit("verify", "--bogus")
tap.ok(p.returncode == 2 and "unknown option --bogus" in p.stderr, "an unknown option is a usage error (2)", p)
p = audit("verify", "--db", "host=/nonexistent-govdx dbname=none connect_timeout=2")
lines = p.stderr.strip().splitlines()
tap.ok(p.returncode == 1 and len(lines) == 1 and lines[0].startswith("govdx-exchanged audit:"),
       "a database out of reach: exit 1, one line on stderr", p)
tap.done()
