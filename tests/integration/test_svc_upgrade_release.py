#!/usr/bin/env python3
"""Upgrade from the first release: the database of v0.1.0 migrates to the
tree's schema and the service serves its data.

tests/integration/data/release-v0.1.0.sql.gz is a dump of a database that
v0.1.0 made and filled (make-release-fixture.sh beside it: its migrate, a
small seed, its demo users, tokens issued and revoked, requests and
objections taken into most of their states through its workflow functions,
each step an audit event). It is loaded into a scratch database and
migrated with the tree's migrate; another scratch database is migrated from
nothing. Then: the upgraded schema is the new one's (pg_dump --schema-only),
a second migrate changes nothing, audit verify passes, every row is still
there (the requests and objections in their states and versions, the
tokens with their revocations), every user is enabled (disabled_at, new
since), and a service started on the upgraded database serves the old
requests, objections, entries and audit events to their users, takes a
transition on an old request, and refuses a user disabled after the
upgrade.

Needs GOVDX_DB (the cluster of tools/system; the scratch databases are made
and dropped beside the shared one, which this test never touches).
"""
import difflib
import gzip
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
TOP_SRC = os.environ.get("top_srcdir", os.path.join(HERE, "..", ".."))
sys.path.insert(0, os.path.join(TOP_SRC, "tests/lib"))
from govdxtest import Tap, api, env_or_skip, exchanged_or_skip, wait_until, main_stage_only  # noqa: E402

tap = Tap()
main_stage_only(tap, "the release's database upgraded by migrate, SQL the stages share")
(DB,) = env_or_skip(tap, "GOVDX_DB")
BIN = exchanged_or_skip(tap)
if not shutil.which("psql") or not shutil.which("pg_dump"):
    tap.skip_all("psql and pg_dump are needed (postgresql-client)")
DATA_DIR = os.path.join(TOP_SRC, "exchange-service")
FIXTURE = os.path.join(HERE, "data", "release-v0.1.0.sql.gz")
RELEASE_MIGRATIONS = 16  # what v0.1.0 shipped: 001 to 016
TMP = tempfile.mkdtemp(prefix="govdx-upgrade-release-")
BASE = re.sub(r"\bdbname=\S+", "", DB).strip()
TAG = str(os.getpid())
MADE = []
TABLES = ["platform", "department", "entry", "app_user", "api_token", "request", "objection", "audit_event",
          "calendar_day", "working_day", "idempotency_key", "service_secret"]


def conninfo(name):
    return f"{BASE} dbname={name}"


def psql(name, sql, stdin=None):
    args = ["psql", "-X", "-q", "-At", "-v", "ON_ERROR_STOP=1", "-d", conninfo(name)]
    p = subprocess.run(args + (["-c", sql] if stdin is None else []), input=stdin, capture_output=True,
                       text=True, timeout=120)
    if p.returncode != 0:
        raise RuntimeError(f"psql {name}: {p.stderr.strip()}")
    return p.stdout.strip()


def new_db(role):
    name = f"govdx_t_rel_{role}_{TAG}"
    psql("postgres", f"DROP DATABASE IF EXISTS {name}")
    psql("postgres", f"CREATE DATABASE {name}")
    MADE.append(name)
    return name


def tool(name, *args):
    return subprocess.run([BIN, *args, "--db", conninfo(name)], capture_output=True, text=True, timeout=300)


def migrate(name):
    return tool(name, "migrate", "--data-dir", DATA_DIR)


def schema(name):
    p = subprocess.run(["pg_dump", "--schema-only", "--no-owner", "--no-privileges", "-d", conninfo(name)],
                       capture_output=True, text=True, timeout=120)
    if p.returncode != 0:
        raise RuntimeError(f"pg_dump {name}: {p.stderr.strip()}")
    return [ln for ln in p.stdout.splitlines() if not ln.startswith(("\\restrict", "\\unrestrict"))]


def snapshot(name):
    """What the upgrade must keep: the rows of each table and the cases' states."""
    counts = {t: psql(name, f"SELECT count(*) FROM {t}") for t in TABLES}
    return counts, {
        "requests": psql(name, "SELECT string_agg(id || ' ' || state || ' ' || version || ' ' || requester_user, "
                               "',' ORDER BY id) FROM request"),
        "objections": psql(name, "SELECT string_agg(id || ' ' || state || ' ' || version || ' ' || raiser_user, "
                                 "',' ORDER BY id) FROM objection"),
        "tokens": psql(name, "SELECT string_agg(id || ' ' || user_name || ' ' || (revoked_at IS NULL), ',' "
                             "ORDER BY id) FROM api_token"),
        "disputed": psql(name, "SELECT string_agg(code, ',' ORDER BY code) FROM entry WHERE disputed"),
        "audit head": psql(name, "SELECT max(seq) FROM audit_event"),
    }


def issue(name, user):
    path = os.path.join(TMP, f"{user}.token")
    if not os.path.exists(path):
        p = tool(name, "token", "issue", user, "--out", path)
        if p.returncode != 0:
            raise RuntimeError(p.stderr)
    return open(path).read().strip()


proc = None
try:
    # A new database migrates from nothing meanwhile (the slowest step).
    fresh = new_db("fresh")
    fresh_run = subprocess.Popen([BIN, "migrate", "--data-dir", DATA_DIR, "--db", conninfo(fresh)],
                                 stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    old = new_db("old")
    with gzip.open(FIXTURE, "rt", encoding="utf-8") as f:
        psql(old, None, stdin=f.read())
    tap.eq(psql(old, "SELECT string_agg(version::text, ',' ORDER BY version) FROM schema_migrations"),
           ",".join(str(v) for v in range(1, RELEASE_MIGRATIONS + 1)), "the v0.1.0 database is at migrations 1 to 16")
    counts, cases = snapshot(old)
    tap.ok(int(counts["request"]) >= 8 and int(counts["objection"]) >= 6 and int(counts["audit_event"]) >= 20 and
           int(counts["api_token"]) >= 20, "it holds requests, objections, audit events and tokens", counts)
    tap.eq(len(set(c.split()[1] for c in cases["requests"].split(","))), 6,
           "its requests are in six states")

    # ---- migrate: the new schema, once ------------------------------------------------
    n_new = len([f for f in os.listdir(os.path.join(DATA_DIR, "sql")) if re.match(r"^[0-9]{3}-.*\.sql$", f)])
    p = migrate(old)
    tap.ok(p.returncode == 0 and p.stdout.count("applied migration") == n_new - RELEASE_MIGRATIONS,
           f"the tree's migrate applies the {n_new - RELEASE_MIGRATIONS} migrations since v0.1.0, exit 0",
           p.stdout + p.stderr)
    out = fresh_run.communicate(timeout=300)[0]
    tap.ok(fresh_run.returncode == 0, "a new database migrates from nothing", out)
    s_old, s_new = schema(old), schema(fresh)
    tap.ok(s_old == s_new, "the upgraded database's schema is a new one's",
           "\n".join(difflib.unified_diff(s_old, s_new, lineterm="", n=1)))
    p = migrate(old)
    tap.ok(p.returncode == 0 and "up to date" in p.stdout and "applied migration" not in p.stdout and
           schema(old) == s_old, "a second migrate changes nothing", p.stdout + p.stderr)

    # ---- the data is all there ----------------------------------------------------------
    counts2, cases2 = snapshot(old)
    tap.ok(counts2 == counts, "every table keeps its rows", (counts, counts2))
    tap.ok(cases2 == cases, "the requests, objections, tokens, disputed marks and the audit chain are as they were",
           (cases, cases2))
    tap.eq(psql(old, "SELECT count(*) FILTER (WHERE disabled_at IS NULL) || '/' || count(*) FROM app_user"),
           f"{counts['app_user']}/{counts['app_user']}", "every user of v0.1.0 is enabled (disabled_at NULL)")
    p = tool(old, "audit", "verify")
    tap.ok(p.returncode == 0 and "audit: verified" in p.stdout, "audit verify passes on the upgraded database",
           p.stdout + p.stderr)
    p = tool(old, "user", "list")
    tap.ok(p.returncode == 0 and "\nhebei-official\tofficial\t" in p.stdout, "user list reads the old users",
           p.stdout + p.stderr)

    # ---- the service serves it -----------------------------------------------------------
    port_file = os.path.join(TMP, "port")
    proc = subprocess.Popen([BIN, "serve", "--db", conninfo(old), "--data-dir", DATA_DIR, "--listen", "127.0.0.1:0",
                             "--threads", "2", "--port-file", port_file, "--request-log", "off"],
                            stdout=subprocess.DEVNULL, stderr=open(os.path.join(TMP, "log"), "w"))
    port = wait_until(lambda: open(port_file).read().strip() if os.path.exists(port_file) else None, 20)
    base = f"http://127.0.0.1:{port}"
    tap.ok(port, "the service starts on the upgraded database")
    bad = []
    for row in cases["requests"].split(","):
        rid, state, version, user = row.split()
        r = api("GET", f"/v1/requests/{rid}", tok=issue(old, user), base=base)
        if r.status != 200 or r.json["state"] != state or r.json["version"] != int(version):
            bad.append((rid, r))
    tap.ok(not bad, "every old request is served to its requester, in its state and version", bad)
    bad = []
    for row in cases["objections"].split(","):
        oid, state, version, user = row.split()
        r = api("GET", f"/v1/objections/{oid}", tok=issue(old, user), base=base)
        if r.status != 200 or r.json["state"] != state or r.json["version"] != int(version):
            bad.append((oid, r))
    tap.ok(not bad, "every old objection is served to its raiser, in its state and version", bad)
    approver = issue(old, "nat-approver")
    for code in cases["disputed"].split(","):
        r = api("GET", f"/v1/entries/{code}", tok=approver, base=base)
        tap.ok(r.status == 200 and r.json.get("disputed") is True, f"the old entry {code} is served, disputed", r)
    pending = next(c.split() for c in cases["requests"].split(",")
                   if c.split()[1] == "pending" and c.split()[3] == "hebei-official")
    r = api("GET", f"/v1/audit?subject=request:{pending[0]}", tok=approver, base=base)
    tap.ok(r.status == 200 and len(r.json["items"]) >= 1, "its audit events are served", r)
    r = api("POST", f"/v1/requests/{pending[0]}/transitions", tok=approver, base=base,
            body={"action": "approve", "reason": "升级后审批"}, headers={"If-Match": f'"{pending[2]}"'})
    tap.ok(r.status == 200 and r.json["state"] == "approved", "an old pending request is approved after the upgrade", r)
    p = tool(old, "audit", "verify")
    tap.ok(p.returncode == 0 and "audit: verified" in p.stdout, "the chain still verifies with the new event",
           p.stdout + p.stderr)
    official = issue(old, "hebei-official")
    tap.eq(api("GET", "/v1/me", tok=official, base=base).status, 200, "an old user's new token authenticates")
    tap.eq(tool(old, "user", "disable", "hebei-official").returncode, 0, "an old user is disabled")
    r = api("GET", "/v1/me", tok=official, base=base)
    tap.ok(r.status == 401 and "disabled" in r.body, "... and its token is refused at once", r)
finally:
    if proc:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
    for name in MADE:
        try:
            psql("postgres", f"DROP DATABASE IF EXISTS {name}")
        except RuntimeError as e:
            print(f"# could not drop {name}: {e}")
    shutil.rmtree(TMP, ignore_errors=True)
tap.done()
