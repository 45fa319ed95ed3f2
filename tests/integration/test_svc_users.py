#!/usr/bin/env python3
"""Users as the operator handles them (govdx-exchanged user): add checks the
name, the role and that the department exists and refuses a name in use;
list shows the users with their state and live tokens, filtered by platform
and role; disable makes the service refuse the user's tokens from the next
request on (401 saying the user is disabled) and token issue refuse a new
one, leaving the tokens in place; enable lets them authenticate again.
Usage errors exit 2, refusals 1. Works on users of its own, made and
removed here."""
import os
import shutil
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
TMP = tempfile.mkdtemp(prefix="govdx-users-")
USER, OTHER = "user-test-approver", "user-test-admin"
dept = next(u["department"] for u in users() if u["user"] == "hebei-approver")
admin_dept = next(u["department"] for u in users() if u["user"] == "zhejiang-admin")


def cmd(*args, verb="user"):
    return subprocess.run([BIN, verb, *args, "--db", db], capture_output=True, text=True, timeout=60)


def sql(statement):
    return subprocess.run(["psql", "-X", "-q", "-tA", db, "-c", statement], capture_output=True,
                          text=True, timeout=60).stdout.strip()


def rows(p):
    lines = p.stdout.splitlines()
    return lines[0].split("\t"), {l.split("\t")[0]: l.split("\t") for l in lines[1:]}


def cleanup():
    sql(f"DELETE FROM app_user WHERE name IN ('{USER}', '{OTHER}')")


try:
    cleanup()
    p = cmd("add", USER, "--role", "approver", "--department", dept, "--display-name", "测试审批人")
    tap.ok(p.returncode == 0 and f"added user {USER}" in p.stdout, "user add makes a user, exit 0",
           p.stdout + p.stderr)
    tap.eq(sql(f"SELECT role || ' ' || department_code || ' ' || display_name || ' ' || "
               f"(disabled_at IS NULL) FROM app_user WHERE name = '{USER}'"),
           f"approver {dept} 测试审批人 true", "... with its role, department and name, enabled")
    p = cmd("add", USER, "--role", "official", "--department", dept)
    tap.ok(p.returncode == 1 and "exists already" in p.stderr and len(p.stderr.splitlines()) == 1,
           "a name in use is refused in one line, exit 1", p.stderr)
    tap.eq(sql(f"SELECT role FROM app_user WHERE name = '{USER}'"), "approver", "... and the user is unchanged")
    p = cmd("add", OTHER, "--role", "admin", "--department", "999999999")
    tap.ok(p.returncode == 1 and "no department 999999999" in p.stderr, "an unknown department is refused",
           p.stderr)
    for args, what in (((OTHER, "--role", "boss", "--department", dept), "an unknown role"),
                       (("Bad_Name", "--role", "admin", "--department", dept), "a name app_user cannot hold"),
                       ((OTHER, "--role", "admin"), "add without --department"),
                       ((OTHER, "--role", "admin", "--department", "12345"), "a department code not of 9 digits")):
        p = cmd("add", *args)
        tap.ok(p.returncode == 2 and "Usage:" in p.stderr, f"{what}: usage error, exit 2", p.stderr)
    tap.eq(sql(f"SELECT count(*) FROM app_user WHERE name = '{OTHER}'"), "0", "none of them made a user")
    p = cmd("add", OTHER, "--role", "admin", "--department", admin_dept)
    tap.eq(p.returncode, 0, "a second user, an admin elsewhere")

    # ---- list ------------------------------------------------------------------
    p = cmd("list")
    head, byname = rows(p)
    tap.eq(head, ["name", "role", "department", "platform", "state", "tokens", "display_name"],
           "user list: a header of its columns")
    tap.ok(p.returncode == 0 and byname.get(USER) == [USER, "approver", dept, dept[:6], "active", "0", "测试审批人"],
           "... and a row per user with its state and live tokens", byname.get(USER))
    tap.ok("hebei-official" in byname and OTHER in byname, "... every user without a filter")
    _, byname = rows(cmd("list", "--platform", dept[:6], "--role", "approver"))
    tap.ok(USER in byname and OTHER not in byname and
           all(r[3] == dept[:6] and r[1] == "approver" for r in byname.values()),
           "--platform and --role filter the table", sorted(byname))
    p = cmd("list", "--role", "boss")
    tap.eq(p.returncode, 2, "list --role with an unknown role: exit 2")

    # ---- disable and enable --------------------------------------------------------
    path = os.path.join(TMP, "a.token")
    p = cmd("issue", USER, "--out", path, verb="token")
    tap.eq(p.returncode, 0, "a token for the user")
    tok = open(path).read().strip()
    tap.eq(api("GET", "/v1/me", tok=tok).status, 200, "it authenticates")
    tap.eq(rows(cmd("list"))[1][USER][5], "1", "list counts the live token")
    p = cmd("disable", USER)
    tap.ok(p.returncode == 0 and f"disabled user {USER}" in p.stdout and "1 token" in p.stdout,
           "user disable says how many tokens it stops", p.stdout + p.stderr)
    r = api("GET", "/v1/me", tok=tok)
    tap.ok(r.status == 401 and r.error_code == "unauthorized" and "disabled" in r.json["error"]["message"],
           "the next request with its token: 401 unauthorized, saying the user is disabled", r)
    r = api("GET", "/v1/requests?box=inbox", tok=tok)
    tap.eq(r.status, 401, "... on every route")
    tap.eq(rows(cmd("list"))[1][USER][4], "disabled", "list shows it disabled")
    p = cmd("disable", USER)
    tap.ok(p.returncode == 0 and "already disabled" in p.stdout, "disabling twice is harmless, said so", p.stdout)
    path2 = os.path.join(TMP, "b.token")
    p = cmd("issue", USER, "--out", path2, verb="token")
    tap.ok(p.returncode == 1 and "is disabled" in p.stderr and not os.path.exists(path2),
           "token issue for a disabled user is refused, no file left", p.stderr)
    tap.eq(sql(f"SELECT count(*) FROM api_token WHERE user_name = '{USER}' AND revoked_at IS NULL"), "1",
           "the user's token is kept, not revoked")
    p = cmd("enable", USER)
    tap.ok(p.returncode == 0 and f"enabled user {USER}" in p.stdout, "user enable", p.stdout + p.stderr)
    r = api("GET", "/v1/me", tok=tok)
    tap.ok(r.status == 200 and r.json["user"] == USER, "the token authenticates again at once", r)
    p = cmd("disable", "no-such-user")
    tap.ok(p.returncode == 1 and "no user named no-such-user" in p.stderr, "disable of an unknown user: exit 1",
           p.stderr)
    for args, what in ((("disable",), "disable without a name"), (("frob",), "an unknown verb"),
                       (("list", "--bogus"), "an unknown option")):
        p = cmd(*args)
        tap.eq(p.returncode, 2, f"{what}: exit 2")
    p = subprocess.run([BIN, "user", "--help"], capture_output=True, text=True, timeout=10)
    tap.ok(p.returncode == 0 and "user add NAME" in p.stdout and "user disable NAME" in p.stdout,
           "user --help", p.stdout)
finally:
    cleanup()
    shutil.rmtree(TMP, ignore_errors=True)
tap.done()
