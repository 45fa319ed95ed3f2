#!/usr/bin/env python3
"""Bearer tokens as the operator handles them (govdx-exchanged token):
issue writes a new token to a new file of mode 0600 (never over an existing
one) and says its id and expiry, not the token; the token works and its
last use shows in token list; revoke ends it at once (401 that says
revoked), an expired one is refused saying so, revoke --user ends every
token of a user, and a token of an unknown user is not issued (no file
left).  Works on a user of its own, made and removed here, so the demo
users' tokens that other tests use are never touched."""
import os
import shutil
import stat
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
TOP_SRC = os.environ.get("top_srcdir", os.path.join(HERE, "..", ".."))
sys.path.insert(0, os.path.join(TOP_SRC, "tests/lib"))
from govdxtest import Tap, api, env_or_skip, exchanged_or_skip, users  # noqa: E402

tap = Tap()
url, db = env_or_skip(tap, "GOVDX_URL", "GOVDX_DB")
BIN = exchanged_or_skip(tap)
if not shutil.which("psql"):
    tap.skip_all("psql is not installed")
TMP = tempfile.mkdtemp(prefix="govdx-tokens-")
USER = "token-test-user"
dept = next(u["department"] for u in users() if u["user"] == "hebei-official")


def token_cmd(*args):
    return subprocess.run([BIN, "token", *args, "--db", db], capture_output=True, text=True,
                          timeout=60)


def sql(statement):
    return subprocess.run(["psql", "-X", "-q", "-tA", db, "-c", statement], capture_output=True,
                          text=True, timeout=60)


def me(tok):
    return api("GET", "/v1/me", tok=tok)


def issue(name, *args):
    path = os.path.join(TMP, name)
    p = token_cmd("issue", USER, "--out", path, *args)
    tok = open(path).read().strip() if os.path.exists(path) else None
    return p, path, tok


try:
    sql("DELETE FROM app_user WHERE name = '%s'" % USER)
    r = sql("INSERT INTO app_user (name, display_name, role, department_code) "
            "VALUES ('%s', '测试用户', 'official', '%s')" % (USER, dept))
    tap.eq(r.returncode, 0, "a user of the test's own is made")

    p, path, tok = issue("a.token", "--label", "console", "--days", "30")
    tap.ok(p.returncode == 0 and "issued token" in p.stdout and "valid until" in p.stdout,
           "token issue says the id and the expiry", p.stdout + p.stderr)
    tap.ok(tok and tok not in p.stdout + p.stderr, "... and not the token, which is in the file only",
           p.stdout)
    tap.eq(stat.S_IMODE(os.stat(path).st_mode), 0o600, "the token file is mode 0600")
    r = me(tok)
    tap.ok(r.status == 200 and r.json["user"] == USER, "the token authenticates", r)
    lst = token_cmd("list", "--user", USER)
    row = next((l.split("\t") for l in lst.stdout.splitlines() if "\tconsole\t" in l), None)
    tap.ok(row and row[6] != "-", "token list shows it with its last use", lst.stdout)
    tid = row[0] if row else "0"

    again = token_cmd("issue", USER, "--out", path)
    tap.ok(again.returncode == 1 and "new file only" in again.stderr and open(path).read().strip() == tok,
           "issue never writes over an existing file", again.stderr)

    r = token_cmd("revoke", tid)
    tap.ok(r.returncode == 0 and "revoked 1 token" in r.stdout, "token revoke ID", r.stdout + r.stderr)
    r = me(tok)
    tap.ok(r.status == 401 and "revoked" in r.json["error"]["message"], "a revoked token is 401, said so", r)
    lst = token_cmd("list", "--user", USER)
    tap.ok("\tconsole\t" not in lst.stdout and "\tconsole\t" in token_cmd("list", "--user", USER, "--all").stdout,
           "list leaves a revoked token out; --all shows it", lst.stdout)

    p, _, old = issue("b.token")
    sql("UPDATE api_token SET created_at = now() - interval '2 days', expires_at = now() - interval '1 day' "
        "WHERE token_sha256 = sha256(convert_to('%s', 'UTF8'))" % old)
    r = me(old)
    tap.ok(r.status == 401 and "expired" in r.json["error"]["message"], "an expired token is 401, said so", r)

    p1, _, t1 = issue("c.token")
    p2, _, t2 = issue("d.token")
    tap.ok(me(t1).status == 200 and me(t2).status == 200, "a user may hold two tokens at once")
    r = token_cmd("revoke", "--user", USER)
    # c and d, and the expired b (revoked too: it is no longer in use).
    tap.ok(r.returncode == 0 and "revoked 3 tokens" in r.stdout and me(t1).status == 401 and
           me(t2).status == 401, "revoke --user ends every token of the user", r.stdout + r.stderr)

    p = token_cmd("issue", "no-such-user", "--out", os.path.join(TMP, "e.token"))
    tap.ok(p.returncode == 1 and "no user named" in p.stderr and not os.path.exists(os.path.join(TMP, "e.token")),
           "no token for an unknown user, and no file left", p.stderr)
    p = token_cmd("issue", USER, "--days", "0", "--out", os.path.join(TMP, "f.token"))
    tap.ok(p.returncode == 2 and "--days" in p.stderr, "--days 0 is a usage error", p.stderr)
    p = token_cmd("revoke", "abc")
    tap.ok(p.returncode == 1 and "not a token id" in p.stderr, "revoke refuses what is not an id", p.stderr)
finally:
    sql("DELETE FROM app_user WHERE name = '%s'" % USER)
    shutil.rmtree(TMP, ignore_errors=True)
tap.done()
