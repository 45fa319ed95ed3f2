#!/usr/bin/env python3
"""govdx-exchanged migrate: an existing database upgrades to the tree's schema.

An existing database is tests/integration/data/schema-2fee1ce.sql.gz: a dump
of a database that the migrate of commit 2fee1ce (the last one whose
migrations still held the functions) made from nothing, frozen here because
a test run from a tarball has no git history. It is loaded into a scratch
database and migrated; another scratch database is migrated from nothing.
Both must then hold the same functions, views and triggers (their
definitions as PostgreSQL prints them) and the same whole schema (pg_dump
--schema-only), and a second migrate must change neither. migrate refuses a
functions/ folder whose files and ORDER disagree before it runs anything,
applies a run in one transaction (a failing function file leaves a new
migration unapplied), puts back a function someone changed by hand, and
two runs at once both succeed.

Needs GOVDX_DB (the cluster of tools/system; the scratch databases are made
and dropped beside the shared one, which this test never touches).
"""
import csv
import difflib
import gzip
import io
import os
import re
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
TOP_SRC = os.environ.get("top_srcdir", os.path.join(HERE, "..", ".."))
sys.path.insert(0, os.path.join(TOP_SRC, "tests/lib"))
from govdxtest import Tap, env_or_skip, exchanged_or_skip, main_stage_only  # noqa: E402

tap = Tap()
main_stage_only(tap, "the schema migrated from an old dump, SQL the stages share")
(DB,) = env_or_skip(tap, "GOVDX_DB")
BIN = exchanged_or_skip(tap)
if not shutil.which("psql") or not shutil.which("pg_dump"):
    tap.skip_all("psql and pg_dump are needed (postgresql-client)")
DATA_DIR = os.path.join(TOP_SRC, "exchange-service")
FROZEN = os.path.join(HERE, "data", "schema-2fee1ce.sql.gz")
TMP = tempfile.mkdtemp(prefix="govdx-upgrade-")
BASE = re.sub(r"\bdbname=\S+", "", DB).strip()
TAG = str(os.getpid())
MADE = []


def conninfo(name):
    return f"{BASE} dbname={name}"


def psql(name, sql, stdin=None):
    p = subprocess.run(["psql", "-X", "-q", "-At", "-v", "ON_ERROR_STOP=1", "-d", conninfo(name), "-c", sql]
                       if stdin is None else
                       ["psql", "-X", "-q", "-At", "-v", "ON_ERROR_STOP=1", "-d", conninfo(name)],
                       input=stdin, capture_output=True, text=True, timeout=120)
    if p.returncode != 0:
        raise RuntimeError(f"psql {name}: {p.stderr.strip()}")
    return p.stdout


def new_db(role):
    name = f"govdx_t_{role}_{TAG}"
    psql("postgres", f"DROP DATABASE IF EXISTS {name}")
    psql("postgres", f"CREATE DATABASE {name}")
    MADE.append(name)
    return name


def migrate(name, data_dir=DATA_DIR):
    return subprocess.run([BIN, "migrate", "--db", conninfo(name), "--data-dir", data_dir],
                          capture_output=True, text=True, timeout=300)


# Every function, view and trigger that is not an extension's, with its
# definition as PostgreSQL prints it: name -> text.
DEFINITIONS = r"""
SELECT 'function ' || p.oid::regprocedure::text, pg_get_functiondef(p.oid)
FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
WHERE n.nspname = 'public'
  AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_proc'::regclass
                  AND d.objid = p.oid AND d.deptype = 'e')
UNION ALL
SELECT 'view ' || c.relname, pg_get_viewdef(c.oid)
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = 'public' AND c.relkind = 'v'
UNION ALL
SELECT 'trigger ' || t.tgname || ' on ' || t.tgrelid::regclass::text, pg_get_triggerdef(t.oid)
FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = 'public' AND NOT t.tgisinternal
"""


def definitions(name):
    out = psql(name, f"COPY ({DEFINITIONS}) TO STDOUT (FORMAT csv)")
    return {row[0]: row[1] for row in csv.reader(io.StringIO(out))}


def schema(name):
    p = subprocess.run(["pg_dump", "--schema-only", "--no-owner", "--no-privileges", "-d", conninfo(name)],
                       capture_output=True, text=True, timeout=120)
    if p.returncode != 0:
        raise RuntimeError(f"pg_dump {name}: {p.stderr.strip()}")
    # The dump's restrict key is random per run; nothing else varies.
    return [ln for ln in p.stdout.splitlines() if not ln.startswith(("\\restrict", "\\unrestrict"))]


def differences(a, b):
    keys = sorted(set(a) | set(b))
    return [f"{k}: {'missing on the left' if k not in a else 'missing on the right' if k not in b else 'differs'}"
            for k in keys if a.get(k) != b.get(k)]


def migration_count():
    """How many numbered migrations the tree has (NNN-name.sql)."""
    return len([f for f in os.listdir(os.path.join(DATA_DIR, "sql")) if re.match(r"^[0-9]{3}-.*\.sql$", f)])


def function_files():
    with open(os.path.join(DATA_DIR, "sql/functions/ORDER")) as f:
        return [ln.strip() for ln in f if ln.strip() and not ln.startswith("#")]


def data_copy(name):
    """A copy of the data directory's sql/ (migrations and functions) to change."""
    d = os.path.join(TMP, name)
    shutil.copytree(os.path.join(DATA_DIR, "sql"), os.path.join(d, "sql"))
    return d


try:
    # ---- the frozen database upgrades to what a new one is ----------------------
    old = new_db("upgrade")
    with gzip.open(FROZEN, "rt", encoding="utf-8") as f:
        psql(old, None, stdin=f.read())
    versions = psql(old, "SELECT string_agg(version::text, ',' ORDER BY version) FROM schema_migrations").strip()
    tap.eq(versions, ",".join(str(v) for v in range(1, 15)), "the frozen database is at migrations 1 to 14")
    before = definitions(old)
    tap.ok("function govdx_request_transition(text,text,integer,text,text)" in before,
           "the frozen database has the functions its migrations wrote", sorted(before)[:10])

    p = migrate(old)
    newer = migration_count() - 14
    tap.ok(p.returncode == 0 and p.stdout.count("applied migration") == newer,
           f"migrate of the frozen database applies the {newer} migrations since, exit 0", p.stdout + p.stderr)
    tap.ok(re.search(rf"applied {len(function_files())} function files", p.stdout),
           "migrate applies every file of functions/ORDER", p.stdout)

    new = new_db("fresh")
    p = migrate(new)
    tap.ok(p.returncode == 0 and p.stdout.count("applied migration") == migration_count(),
           f"migrate of an empty database applies all {migration_count()} migrations", p.stdout + p.stderr)

    d_old, d_new = definitions(old), definitions(new)
    tap.ok(len(d_new) > 50, f"the new database has its functions, views and triggers ({len(d_new)})")
    tap.ok(d_old == d_new, "the upgraded database's functions, views and triggers are the new one's",
           "\n".join(differences(d_old, d_new)))
    s_old, s_new = schema(old), schema(new)
    tap.ok(s_old == s_new, "the upgraded database's whole schema is the new one's",
           "\n".join(difflib.unified_diff(s_old, s_new, lineterm="", n=1)))

    # ---- a second run changes nothing ------------------------------------------------
    for name, what in ((old, "the upgraded"), (new, "the new")):
        defs, sch = definitions(name), schema(name)
        p = migrate(name)
        tap.ok(p.returncode == 0 and "up to date" in p.stdout and "applied migration" not in p.stdout,
               f"migrate again on {what} database: no migration, exit 0", p.stdout + p.stderr)
        tap.ok(definitions(name) == defs and schema(name) == sch,
               f"migrate again on {what} database leaves every definition as it was",
               "\n".join(differences(defs, definitions(name))))

    # ---- what migrate puts back ---------------------------------------------------------
    psql(new, "CREATE OR REPLACE FUNCTION govdx_utc(t timestamptz) RETURNS text "
              "LANGUAGE sql IMMUTABLE RETURN 'changed by hand'")
    tap.eq(psql(new, "SELECT govdx_utc(now())").strip(), "changed by hand", "a function changed by hand")
    p = migrate(new)
    tap.ok(p.returncode == 0 and definitions(new) == d_new,
           "migrate puts the tree's definition back", p.stdout + p.stderr)
    psql(new, "DROP TRIGGER audit_event_no_truncate ON audit_event")
    p = migrate(new)
    tap.ok(p.returncode == 0 and definitions(new) == d_new, "migrate puts a dropped trigger back",
           p.stdout + p.stderr)

    # ---- ORDER and the folder must agree --------------------------------------------------
    def refused(d, want, what):
        p = migrate(new, d)
        tap.ok(p.returncode == 1 and want in p.stderr and len(p.stderr.strip().splitlines()) == 1,
               f"{what}: migrate refuses, one line naming it", p.stdout + p.stderr)
        tap.eq(psql(new, "SELECT to_regclass('probe') IS NULL").strip(), "t",
               f"{what}: nothing was applied (the pending probe migration neither)")

    probe = "CREATE TABLE probe (x integer);\n"
    d = data_copy("unlisted")
    open(os.path.join(d, "sql/999-probe.sql"), "w").write(probe)
    open(os.path.join(d, "sql/functions/govdx_stray.sql"), "w").write("SELECT 1;\n")
    refused(d, "govdx_stray.sql is not listed", "a function file ORDER does not list")

    d = data_copy("missing")
    open(os.path.join(d, "sql/999-probe.sql"), "w").write(probe)
    os.remove(os.path.join(d, "sql/functions/govdx_utc.sql"))
    refused(d, "govdx_utc.sql is not in", "ORDER lists a file that is missing")

    d = data_copy("twice")
    open(os.path.join(d, "sql/999-probe.sql"), "w").write(probe)
    with open(os.path.join(d, "sql/functions/ORDER"), "a") as f:
        f.write("govdx_utc.sql\n")
    refused(d, "listed twice", "ORDER lists a file twice")

    # ---- one transaction: a failing function file undoes the run -----------------------------
    d = data_copy("failing")
    open(os.path.join(d, "sql/999-probe.sql"), "w").write(probe)
    open(os.path.join(d, "sql/functions/govdx_zz_broken.sql"), "w").write(
        "-- a function that cannot be made\nCREATE OR REPLACE FUNCTION govdx_zz_broken() RETURNS integer\n"
        "\tLANGUAGE sql RETURN (SELECT count(*) FROM no_such_table);\n")
    with open(os.path.join(d, "sql/functions/ORDER"), "a") as f:
        f.write("govdx_zz_broken.sql\n")
    p = migrate(new, d)
    tap.ok(p.returncode == 1 and "govdx_zz_broken.sql" in p.stderr and "no_such_table" in p.stderr,
           "a function file that fails: exit 1 naming the file and the reason", p.stdout + p.stderr)
    tap.ok(psql(new, "SELECT to_regclass('probe') IS NULL AND NOT EXISTS "
                     "(SELECT 1 FROM schema_migrations WHERE version = 999)").strip() == "t",
           "the migration of the same run is neither applied nor recorded")
    p = migrate(new)
    tap.ok(p.returncode == 0, "the same database migrates cleanly afterwards", p.stdout + p.stderr)

    # ---- two runs at once -----------------------------------------------------------------------
    both = new_db("concurrent")
    procs = [subprocess.Popen([BIN, "migrate", "--db", conninfo(both), "--data-dir", DATA_DIR],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    outs = [p.communicate(timeout=300) + (p.returncode,) for p in procs]
    tap.ok(all(o[2] == 0 for o in outs), "two migrate runs at once on an empty database both succeed", outs)
    tap.ok(sum(o[0].count("applied migration") for o in outs) == migration_count(),
           "between them they apply each migration once", outs)
    tap.ok(definitions(both) == d_new, "and the definitions are the tree's")
finally:
    for name in MADE:
        try:
            psql("postgres", f"DROP DATABASE IF EXISTS {name}")
        except RuntimeError as e:
            print(f"# could not drop {name}: {e}")
    shutil.rmtree(TMP, ignore_errors=True)

tap.done()
