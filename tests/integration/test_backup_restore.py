#!/usr/bin/env python3
"""Back up and restore, end to end, as docs/operations.md says to do it.

pg_dump (custom format) of the suite's running database (GOVDX_DB, while
the service serves it); pg_restore into a new database of the same
cluster, which then holds the audit trail as it was during the dump;
`migrate` on the copy finds it up to date; a second govdx-exchanged on the
copy (a free port of its own). Then, through both services as nat-admin:
the newest sharing request and the newest objection read the same (body
and ETag), and so does each one's audit trail; the copy's event stream
ends at the dump's last seq; a page cursor the original gave out reads the
same second page from the copy (the signing key is in the database); the
copy's audit chain verifies, by `govdx-exchanged audit verify --db` and by
GET /v1/audit/verify. Finally the second service stops and the copy is
dropped (always, in a finally), and the dump file removed.

On a shared system another client may change the request or objection
between the dump and the reads: that comparison then skips, saying so
(the suite runs one test at a time, where it cannot happen).

The suite's database is only read. Needs GOVDX_URL, GOVDX_TOKENS, GOVDX_DB
and PostgreSQL's pg_dump and pg_restore (/usr/lib/postgresql/N/bin, the
newest N); skips without them.
"""
import glob
import os
import re
import shutil
import subprocess
import sys
import tempfile
import urllib.parse

HERE = os.path.dirname(os.path.abspath(__file__))
TOP_SRC = os.environ.get("top_srcdir", os.path.join(HERE, "..", ".."))
sys.path.insert(0, os.path.join(TOP_SRC, "tests/lib"))
from govdxtest import Exchanged, Tap, api, env_or_skip, exchanged_or_skip, token, wait_until  # noqa: E402

tap = Tap()
URL, DB, _ = env_or_skip(tap, "GOVDX_URL", "GOVDX_DB", "GOVDX_TOKENS")
BIN = exchanged_or_skip(tap)
PGBIN = (sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=lambda p: [int(x) for x in re.findall(r"\d+", p)])
         or [None])[-1]
if not PGBIN or not all(os.access(os.path.join(PGBIN, t), os.X_OK) for t in ("pg_dump", "pg_restore")):
    tap.skip_all("pg_dump and pg_restore are not installed (/usr/lib/postgresql/N/bin)")
if not shutil.which("psql"):
    tap.skip_all("psql is not installed")
ADMIN = token("nat-admin")
TMP = tempfile.mkdtemp(prefix="govdx-backup-")
os.chmod(TMP, 0o700)  # the dump holds the token hashes and the cursor key


def conninfo(ci, **override):
    """GOVDX_DB's keywords with some replaced, as a conninfo string."""
    kw = {}
    for m in re.finditer(r"(\w+)\s*=\s*('(?:[^'\\]|\\.)*'|\S+)", ci):
        kw[m.group(1)] = m.group(2)
    kw.update({k: "'" + v.replace("\\", "\\\\").replace("'", "\\'") + "'" for k, v in override.items()})
    return " ".join(f"{k}={v}" for k, v in kw.items())


def psql(db, sql):
    p = subprocess.run(["psql", "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-d", db], input=sql,
                       capture_output=True, text=True, timeout=120)
    if p.returncode != 0:
        raise RuntimeError(p.stderr.strip())
    return p.stdout.strip()


COPY_NAME = f"govdx_restore_{os.getpid()}"
MAINT = conninfo(DB, dbname="postgres")
COPY = conninfo(DB, dbname=COPY_NAME)
DUMP = os.path.join(TMP, "govdx.dump")


class Server(Exchanged):
    def __init__(self, db):
        super().__init__(BIN, TMP, "copy", db=db, timeout=20)


def same(path, name, subject=None):
    """GET path as nat-admin from both services: equal status, body and ETag.
    Where they differ because another client changed subject after the dump
    (on a shared system; the suite runs one test at a time), it says so and
    skips."""
    a = api("GET", path, tok=ADMIN)
    b = api("GET", path, tok=ADMIN, base=copy.url)
    etag = lambda r: {k.lower(): v for k, v in r.headers.items()}.get("etag")  # noqa: E731
    if (a.status, a.json, etag(a)) != (b.status, b.json, etag(b)) and subject and psql(
            DB, f"SELECT count(*) FROM audit_event WHERE subject = '{subject}' AND seq > {copy_seq}") != "0":
        tap.skip(f"{name} reads the same through both", f"{subject} changed after the dump")
        return a.json
    tap.ok(a.status == 200 and (a.status, a.json, etag(a)) == (b.status, b.json, etag(b)),
           f"{name} reads the same through both", f"original: {a}\ncopy:     {b}")
    return a.json


rid = psql(DB, "SELECT id FROM request ORDER BY created_at DESC, id DESC LIMIT 1")
oid = psql(DB, "SELECT id FROM objection ORDER BY created_at DESC, id DESC LIMIT 1")
tap.ok(rid and oid, "the suite's database holds a request and an objection", (rid, oid))

LAST_SEQ = "SELECT coalesce(max(seq), 0) FROM audit_event"
copy = None
copy_seq = 0
try:
    # The key that signs page cursors is made when the first cursor is:
    # one is asked for before the dump, whatever ran before this test.
    api("GET", "/v1/platforms/000000/children?limit=5", tok=ADMIN)
    seq_before = int(psql(DB, LAST_SEQ))
    p = subprocess.run([os.path.join(PGBIN, "pg_dump"), "--format=custom", "--file", DUMP, "--dbname", DB],
                       capture_output=True, text=True, timeout=600)
    tap.ok(p.returncode == 0 and os.path.getsize(DUMP) > 0, "pg_dump --format=custom of the running database", p)
    seq_after = int(psql(DB, LAST_SEQ))
    psql(MAINT, f"CREATE DATABASE {COPY_NAME}")
    p = subprocess.run([os.path.join(PGBIN, "pg_restore"), "--exit-on-error", "--no-owner", "--dbname", COPY, DUMP],
                       capture_output=True, text=True, timeout=600)
    tap.ok(p.returncode == 0, "pg_restore into a new database of the same cluster", p)
    copy_seq = int(psql(COPY, LAST_SEQ))
    tap.ok(seq_before <= copy_seq <= seq_after,
           "the copy holds the audit trail as it was during the dump", (seq_before, copy_seq, seq_after))

    p = subprocess.run([BIN, "migrate", "--db", COPY, "--data-dir", os.path.join(TOP_SRC, "exchange-service")],
                       capture_output=True, text=True, timeout=300)
    tap.ok(p.returncode == 0 and "up to date" in p.stdout, "migrate on the copy: its schema is up to date", p)

    copy = Server(COPY)
    tap.ok(copy.url, "a second govdx-exchanged serves the copy")
    h = api("GET", "/v1/health", base=copy.url) if copy.url else None
    tap.ok(h and h.status == 200 and h.json.get("database") == "ok", "... and reaches it", h)
    if copy.url:
        same(f"/v1/requests/{rid}", f"request {rid}", f"request:{rid}")
        same(f"/v1/objections/{oid}", f"objection {oid}", f"objection:{oid}")
        same("/v1/audit?" + urllib.parse.urlencode({"subject": f"request:{rid}"}), f"the audit trail of {rid}",
             f"request:{rid}")
        same("/v1/audit?" + urllib.parse.urlencode({"subject": f"objection:{oid}"}), f"the audit trail of {oid}",
             f"objection:{oid}")
        b = api("GET", "/v1/events", tok=ADMIN, base=copy.url).json
        tap.ok(b and b["last_seq"] == copy_seq, "the copy's event stream ends at the dump's last seq",
               (b, copy_seq))
        first = api("GET", "/v1/platforms/000000/children?limit=5", tok=ADMIN).json or {}
        cur = first.get("next_cursor")
        tap.ok(cur, "the original gives a page cursor", first)
        same("/v1/platforms/000000/children?" + urllib.parse.urlencode({"limit": 5, "cursor": cur or "x"}),
             "the second page by the original's cursor (the signing key came along)")
        v = api("GET", "/v1/audit/verify", tok=ADMIN, base=copy.url)
        tap.ok(v.status == 200 and v.json.get("ok") is True and v.json.get("rows_ok") is True,
               "GET /v1/audit/verify on the copy: chain intact, rows agree", v)
    p = subprocess.run([BIN, "audit", "verify", "--db", COPY], capture_output=True, text=True, timeout=300)
    tap.ok(p.returncode == 0 and "chain: intact" in p.stdout and p.stdout.strip().endswith("audit: verified"),
           "govdx-exchanged audit verify --db <copy>: verified, exit 0", p)
finally:
    if copy:
        copy.stop()
    try:
        psql(MAINT, f"DROP DATABASE IF EXISTS {COPY_NAME} WITH (FORCE)")
    finally:
        shutil.rmtree(TMP, ignore_errors=True)
left = psql(MAINT, f"SELECT count(*) FROM pg_database WHERE datname = '{COPY_NAME}'")
tap.eq(left, "0", "the copy is dropped")
tap.done()
