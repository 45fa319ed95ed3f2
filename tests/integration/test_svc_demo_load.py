#!/usr/bin/env python3
"""govdx-exchanged demo load: on an empty database, one command migrates,
seeds (--scale) and makes the demo users with their tokens (--token-dir:
<user>.token of mode 0600 and users.tsv), telling its steps with --progress
(migrate, the seed's, users, then done); run again it keeps the seeded
directory, saying so, and without --token-dir leaves the users without new
tokens (--force would seed anew: seed's own, tested with seed). The database is a scratch one beside the
shared one, made and dropped here."""
import os
import re
import shutil
import stat
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
TOP_SRC = os.environ.get("top_srcdir", os.path.join(HERE, "..", ".."))
sys.path.insert(0, os.path.join(TOP_SRC, "tests/lib"))
from govdxtest import Tap, env_or_skip, exchanged_or_skip, main_stage_only  # noqa: E402

tap = Tap()
main_stage_only(tap, "demo load seeds with SQL the stages share")
(DB,) = env_or_skip(tap, "GOVDX_DB")
BIN = exchanged_or_skip(tap)
if not shutil.which("psql"):
    tap.skip_all("psql is not installed")
DATA_DIR = os.path.join(TOP_SRC, "exchange-service")
BASE = re.sub(r"\bdbname=\S+", "", DB).strip()
NAME = f"govdx_t_demo_{os.getpid()}"
TMP = tempfile.mkdtemp(prefix="govdx-demo-load-")
TOKENS = os.path.join(TMP, "tokens")


def psql(dbname, sql):
    p = subprocess.run(["psql", "-X", "-q", "-At", "-v", "ON_ERROR_STOP=1", "-d", f"{BASE} dbname={dbname}",
                        "-c", sql], capture_output=True, text=True, timeout=120)
    if p.returncode != 0:
        raise RuntimeError(p.stderr.strip())
    return p.stdout.strip()


def demo(*args):
    return subprocess.run([BIN, "demo", "load", "--db", f"{BASE} dbname={NAME}", "--data-dir", DATA_DIR, *args],
                          capture_output=True, text=True, timeout=300)


try:
    psql("postgres", f"DROP DATABASE IF EXISTS {NAME}")
    psql("postgres", f"CREATE DATABASE {NAME}")
    p = demo("--scale", "1000", "--token-dir", TOKENS, "--progress")
    tap.ok(p.returncode == 0, "demo load on an empty database: exit 0", p.stdout + p.stderr)
    steps = [ln.split()[2] for ln in p.stderr.splitlines() if ln.startswith("progress step ")]
    tap.ok(steps[:2] == ["migrate", "directory"] and steps[-1] == "users" and "workflows" in steps,
           "--progress tells migrate, the seed's steps, then users", steps)
    tap.eq(p.stderr.strip().splitlines()[-1], "progress done", "... and progress done last")
    tap.ok("applied migration" in p.stdout and "seeded " in p.stdout and "wrote 24 demo users" in p.stdout,
           "it reports the migrations, the seed and the users", p.stdout)
    tap.eq(psql(NAME, "SELECT entries FROM seed_info"), "1000", "the directory is seeded at the scale asked")
    tap.ok(int(psql(NAME, "SELECT count(*) FROM request")) > 0, "with the demo requests")
    toks = sorted(f for f in os.listdir(TOKENS) if f.endswith(".token"))
    tap.eq(len(toks), 24, "a token file per demo user")
    tap.ok(all(stat.S_IMODE(os.stat(os.path.join(TOKENS, f)).st_mode) == 0o600 for f in toks),
           "... each of mode 0600")
    tap.ok(os.path.exists(os.path.join(TOKENS, "users.tsv")), "and users.tsv")
    tap.eq(psql(NAME, "SELECT count(*) FROM api_token WHERE revoked_at IS NULL"), "24", "24 live tokens")

    psql(NAME, "INSERT INTO app_user (name, display_name, role, department_code) "
               "SELECT 'kept-user', 'k', 'official', department_code FROM app_user WHERE name = 'nat-official'")
    p = demo()
    tap.ok(p.returncode == 0 and "kept the seeded directory (1000 entries" in p.stdout and "schema is up to date" in p.stdout,
           "again: migrate has nothing to do and the seeded directory is kept, said so", p.stdout + p.stderr)
    tap.eq(psql(NAME, "SELECT count(*) FROM app_user WHERE name = 'kept-user'"), "1", "... users added since stay")
    tap.eq(psql(NAME, "SELECT count(*) FROM api_token WHERE revoked_at IS NULL"), "24",
           "... and without --token-dir no token changes")
    p = demo("--listen", "127.0.0.1:0")
    tap.ok(p.returncode == 2 and "options of serve" in p.stderr, "a serve option: usage error, exit 2", p.stderr)
    p = subprocess.run([BIN, "demo"], capture_output=True, text=True, timeout=10)
    tap.ok(p.returncode == 2 and "demo load" in p.stderr, "demo without load: exit 2", p.stderr)
finally:
    try:
        psql("postgres", f"DROP DATABASE IF EXISTS {NAME}")
    except RuntimeError as e:
        print(f"# could not drop {NAME}: {e}")
    shutil.rmtree(TMP, ignore_errors=True)
tap.done()
