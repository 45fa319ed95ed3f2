#!/usr/bin/env python3
"""Directory reads on a streaming-replication standby (serve --read-dsn).

A private primary and its standby, so that nothing here writes to the
shared test cluster: the primary is a clone of it (pg_basebackup without -R,
started as a cluster of its own: the same directory, users and tokens), the
standby is made from the clone by tools/system start-standby
(pg_basebackup -R). Two service instances of its own serve the clone with
--read-db-file naming the standby (a file others may read is refused) and
a lag bound of LAG seconds. Then, proved by the answers and by
govdx_db_reads_total / govdx_db_read_fallbacks_total counting exactly
those reads:
  - directory reads are served by the standby;
  - with the standby's replay paused, the helpdesk accepts an objection (a
    write: on the primary, not on the standby) and its entry turns
    disputed: the helpdesk, the writer, reads it disputed (from the primary,
    own_write) through either instance (its read mark is in the database),
    while another user reads it from the paused standby, not yet disputed;
  - once the paused standby lags more than LAG, that user's reads go to
    the primary too (lagging), and health says so;
  - replay resumed, both read from the standby again, disputed;
  - the standby stopped: every read still answers 200, from the primary
    (down), health says down; started again, reads return to it.
Skips without GOVDX_DB (the shared cluster to clone), pg_basebackup or psql.
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
TOP_SRC = os.environ.get("top_srcdir", os.path.join(HERE, "..", ".."))
sys.path.insert(0, os.path.join(TOP_SRC, "tests/lib"))
from govdxtest import Tap, api, env_or_skip, exchanged_or_skip, token, users, wait_until  # noqa: E402

LAG = 4  # --read-max-lag of the service under test, seconds

tap = Tap()
BIN = exchanged_or_skip(tap)
DB, _ = env_or_skip(tap, "GOVDX_DB", "GOVDX_TOKENS")
PGBIN = sorted((d for d in (os.path.join("/usr/lib/postgresql", v, "bin")
                            for v in (os.listdir("/usr/lib/postgresql")
                                      if os.path.isdir("/usr/lib/postgresql") else []))
                if os.path.isdir(d)), key=lambda d: [int(x) for x in re.findall(r"\d+", d)])
PGBIN = PGBIN[-1] if PGBIN else os.path.dirname(shutil.which("pg_basebackup") or "")
if not PGBIN or not os.access(os.path.join(PGBIN, "pg_basebackup"), os.X_OK):
    tap.skip_all("pg_basebackup is not installed (postgresql)")
if not shutil.which("psql"):
    tap.skip_all("psql is not installed")
ROOT = os.getuid() == 0
SYSTEM = os.path.join(TOP_SRC, "tools/system")
STATE = tempfile.mkdtemp(prefix="govdx-standby-")
USERS = {u["user"]: u for u in users()}
T = {u: token(u) for u in ("hebei-official", "hebei-helpdesk", "nat-official", "nat-admin")}
services = []


def as_pg(args):
    return (["runuser", "-u", "postgres", "--"] if ROOT else []) + args


def psql(sock, sql, db="govdx"):
    p = subprocess.run(["psql", "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-h", sock,
                        "-U", "postgres", "-d", db, "-c", sql],
                       capture_output=True, text=True, timeout=60)
    return p.stdout.strip() if p.returncode == 0 else None


def system(*args):
    return subprocess.run([SYSTEM, args[0], STATE] + list(args[1:]), capture_output=True,
                          text=True, timeout=120)


def clone_primary():
    """The shared cluster copied into a primary of this test's own, where
    tools/system looks for STATE's cluster (STATE/pg, or as root a
    postgres-owned directory under /var/tmp linked from it)."""
    if ROOT:
        home = tempfile.mkdtemp(prefix="govdx-pg-", dir="/var/tmp")
        os.chmod(home, 0o700)
        shutil.chown(home, "postgres")
        os.symlink(home, os.path.join(STATE, "pg"))
        with open(os.path.join(home, "owner"), "w") as f:
            f.write(STATE + "\n")
    else:
        home = os.path.join(STATE, "pg")
        os.mkdir(home, 0o700)
    sock = os.path.join(home, "s")
    os.mkdir(sock, 0o700)
    if ROOT:
        shutil.chown(sock, "postgres")
    p = subprocess.run(as_pg([os.path.join(PGBIN, "pg_basebackup"), "-d", DB,
                              "-D", os.path.join(home, "data"), "-X", "stream", "-c", "fast",
                              "--no-sync"]), capture_output=True, text=True, timeout=120)
    if p.returncode != 0:
        return None, "pg_basebackup of GOVDX_DB: " + p.stderr
    opts = ("-h '' -k %s -c unix_socket_permissions=0700 -c fsync=off -c synchronous_commit=off "
            "-c full_page_writes=off" % sock)
    p = subprocess.run(as_pg([os.path.join(PGBIN, "pg_ctl"), "-D", os.path.join(home, "data"),
                              "-o", opts, "-l", os.path.join(home, "postgresql.log"), "-w", "-t", "60",
                              "start"]), capture_output=True, text=True, timeout=90)
    if p.returncode != 0:
        return None, "the clone did not start: " + p.stdout + p.stderr
    return sock, None


def scrape(base=None):
    a = api("GET", "/v1/metrics", tok=T["nat-admin"], base=base or URL)
    vals = {}
    for line in a.body.splitlines() if a.status == 200 else []:
        m = re.match(r'govdx_db_(reads_total\{node|read_fallbacks_total\{reason)="(\w+)"\} (\d+)', line)
        if m:
            vals[m.group(2)] = int(m.group(3))
    return vals


def delta(before, after):
    return {k: after.get(k, 0) - before.get(k, 0) for k in after if after.get(k, 0) != before.get(k, 0)}


def read_entry(user, code, base=None):
    r = api("GET", "/v1/entries/" + code, tok=T[user], base=base or URL)
    return r.status, (r.json or {}).get("disputed")


def counted_read(user, code, base=None):
    """One read and what the metrics (of the instance at base) counted for it."""
    before = scrape(base)
    got = read_entry(user, code, base)
    return got, delta(before, scrape(base))


def start_service(name):
    """A govdx-exchanged of ours on a free port; returns (process, URL)."""
    port_file = os.path.join(STATE, name + ".port")
    proc = subprocess.Popen(serve + ["--port-file", port_file], env=env, stdin=subprocess.DEVNULL,
                            stdout=subprocess.DEVNULL, stderr=open(os.path.join(STATE, name + ".log"), "w"))
    services.append(proc)
    wait_until(lambda: os.path.exists(port_file) and open(port_file).read().strip(), timeout=20)
    return "http://127.0.0.1:%s" % open(port_file).read().strip()


def health():
    return (api("GET", "/v1/health", base=URL).json or {}).get("standby", {})


def stop_all():
    for proc in services:
        if proc.poll() is None:
            proc.terminate()
            proc.wait(timeout=30)
    for name in ("service", "service2"):
        log = os.path.join(STATE, name + ".log")
        text = open(log, errors="replace").read() if os.path.exists(log) else ""
        # What went wrong, for a failed run; a sanitizer's report at any time.
        if tap.failed or "runtime error" in text or "Sanitizer" in text:
            print("# %s.log:\n%s" % (name, "\n".join("# " + x for x in text.splitlines()[-30:])), flush=True)
            tap.ok("runtime error" not in text and "Sanitizer" not in text, "%s: no sanitizer report" % name)
    system("stop-standby", "--remove")
    system("stop")
    home = os.path.realpath(os.path.join(STATE, "pg"))
    shutil.rmtree(STATE, ignore_errors=True)
    if ROOT and home.startswith("/var/tmp/govdx-pg-"):
        shutil.rmtree(home, ignore_errors=True)


try:
    t0 = time.monotonic()
    PRIMARY, why = clone_primary()
    if not PRIMARY:
        tap.ok(False, "a private primary cloned from the shared cluster", why)
        raise SystemExit
    print("# the clone runs after %.1f s" % (time.monotonic() - t0), flush=True)
    r = system("start-standby", "--test")
    print("# its standby runs after %.1f s" % (time.monotonic() - t0), flush=True)
    tap.ok(r.returncode == 0 and r.stdout.startswith("host="),
           "tools/system start-standby makes a streaming standby and prints its connection string",
           r.stdout + r.stderr)
    READ_DSN = r.stdout.strip()
    SB_SOCK = READ_DSN.split()[0][len("host="):]
    tap.eq(psql(SB_SOCK, "select pg_is_in_recovery() and exists (select 1 from pg_stat_wal_receiver)"),
           "t", "the standby is in recovery and streams from the primary")

    env = {k: v for k, v in os.environ.items() if not k.startswith("GOVDX_READ_DB")}
    env["GOVDX_DB"] = "host=%s dbname=govdx user=postgres" % PRIMARY
    # The standby's connection string from a file, which others may not read.
    read_file = os.path.join(STATE, "read-db")
    with open(read_file, "w") as f:
        f.write(READ_DSN + "\n")
    os.chmod(read_file, 0o644)
    serve = [BIN, "serve", "--data-dir", os.path.join(TOP_SRC, "exchange-service"), "--listen", "127.0.0.1:0",
             "--read-db-file", read_file, "--read-max-lag", str(LAG), "--request-log", "off"]
    p = subprocess.run(serve, env=env, stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=60)
    tap.ok(p.returncode == 1 and "others may read" in p.stderr, "--read-db-file readable by others: refused",
           (p.returncode, p.stderr))
    os.chmod(read_file, 0o600)
    URL = start_service("service")
    URL2 = start_service("service2")  # a second instance on the same primary and standby
    tap.ok(wait_until(lambda: health().get("status") == "ok", timeout=20), "health reports the standby ok",
           health())
    print("# set up in %.1f s" % (time.monotonic() - t0), flush=True)

    # An undisputed entry of 河北省民政厅, raised against by hebei-official.
    provider = USERS["hebei-approver"]["department"]
    r = api("GET", "/v1/entries?department=%s&disputed=false&limit=1" % provider,
            tok=T["nat-official"], base=URL)
    entry = r.json["items"][0]["code"] if r.status == 200 and r.json["items"] else None
    tap.ok(entry, "an undisputed entry of the provider's department", r)
    got, d = counted_read("nat-official", entry)
    tap.eq((got, d), ((200, False), {"standby": 1}), "a directory read is served by the standby")
    b = scrape()
    for path in ("/v1/platforms/130000", "/v1/platforms/130000/children",
                 "/v1/platforms/130000/departments", "/v1/entries?q=%E6%B0%91%E6%94%BF&limit=3"):
        api("GET", path, tok=T["nat-official"], base=URL)
    tap.eq(delta(b, scrape()), {"standby": 4},
           "platform, children, departments and a search: all four by the standby")
    b = scrape()
    api("GET", "/v1/me", tok=T["nat-official"], base=URL)
    api("GET", "/v1/objections?box=raised", tok=T["hebei-official"], base=URL)
    tap.eq(delta(b, scrape()), {}, "/v1/me and the objection lists are no directory reads (primary)")

    raised_at = time.monotonic()  # the standby's lag counts from a commit after this
    r = api("POST", "/v1/objections", tok=T["hebei-official"], base=URL,
            body={"entry_code": entry, "kind": "incorrect", "description": "登记日期与登记证书不一致"})
    oid = (r.json or {}).get("id")
    tap.eq(r.status, 201, "an objection is raised (a write, on the primary)")
    # The standby replays it, then stops replaying.
    lsn = psql(PRIMARY, "select pg_current_wal_insert_lsn()")
    tap.ok(wait_until(lambda: psql(SB_SOCK, "select pg_last_wal_replay_lsn() >= '%s'" % lsn) == "t",
                      timeout=20), "the standby replays it")
    psql(SB_SOCK, "select pg_wal_replay_pause()")
    tap.ok(wait_until(lambda: psql(SB_SOCK, "select pg_get_wal_replay_pause_state()") == "paused",
                      timeout=20), "replay paused on the standby")

    # ---- read-your-writes ---------------------------------------------------
    r = api("POST", "/v1/objections/%s/transitions" % oid, tok=T["hebei-helpdesk"], base=URL,
            body={"action": "accept"}, headers={"If-Match": '"1"'})
    tap.eq(r.status, 200, "the helpdesk accepts the objection: the entry turns disputed")
    tap.eq((psql(PRIMARY, "select disputed from entry where code = '%s'" % entry),
            psql(SB_SOCK, "select disputed from entry where code = '%s'" % entry)), ("t", "f"),
           "the write is on the primary, not yet on the paused standby")
    got_a, d_a = counted_read("hebei-helpdesk", entry)
    got_a2, d_a2 = counted_read("hebei-helpdesk", entry, URL2)
    got_b, d_b = counted_read("nat-official", entry)
    fresh = time.monotonic() - raised_at < LAG
    tap.eq(got_a, (200, True), "the writer reads its write: disputed")
    tap.eq(got_a2, (200, True), "... on the other instance too (the read mark is in the database)")
    if fresh:
        tap.eq((d_a, d_a2), ({"primary": 1, "own_write": 1},) * 2,
               "both from the primary, counted as own_write by each instance")
        tap.eq((got_b, d_b), ((200, False), {"standby": 1}),
               "another user reads from the paused standby: not yet disputed")
    else:
        for what in ("both from the primary, counted as own_write by each instance",
                     "another user reads from the paused standby"):
            tap.skip(what, "the machine took over %d s: the standby lags" % LAG)

    # ---- the lag bound ------------------------------------------------------
    got = wait_until(lambda: (lambda c: c if c[1].get("lagging") else None)(counted_read("nat-official", entry)),
                     timeout=LAG + 15, interval=0.2)
    tap.eq(got and got[0], (200, True), "paused past %d s, the standby lags: reads go to the primary" % LAG)
    tap.eq(got and got[1], {"primary": 1, "lagging": 1}, "counted as a read by the primary, lagging")
    tap.eq(health().get("status"), "lagging", "health reports the standby lagging")

    psql(SB_SOCK, "select pg_wal_replay_resume()")
    got = wait_until(lambda: (lambda c: c if c[1] == {"standby": 1} else None)(counted_read("nat-official", entry)),
                     timeout=20, interval=0.05)
    tap.eq(got and got[0], (200, True), "replay resumed: reads return to the standby, disputed")
    got, d = counted_read("hebei-helpdesk", entry)
    tap.eq((got, d), ((200, True), {"standby": 1}), "the writer too, once its write is replayed")

    # ---- the standby down and back ------------------------------------------
    r = system("stop-standby")
    tap.eq(r.returncode, 0, "the standby stops")
    answers = []
    got = wait_until(lambda: (lambda c: answers.append(c[0]) or (c if c[1].get("down") else None))(
        counted_read("nat-official", entry)), timeout=20, interval=0.05)
    tap.eq(got and got[1], {"primary": 1, "down": 1}, "the standby down: reads by the primary (down)")
    tap.ok(answers and all(a == (200, True) for a in answers),
           "every read answered 200 while the standby went away (%d reads)" % len(answers), answers)
    tap.eq(health(), {"status": "down", "lag_seconds": None}, "health reports the standby down")
    tap.eq(api("GET", "/v1/health", base=URL).json.get("status"), "ok", "the service itself stays ok")
    r = system("start-standby", "--test")
    tap.eq(r.returncode, 0, "the standby starts again", )
    got = wait_until(lambda: (lambda c: c if c[1] == {"standby": 1} else None)(counted_read("nat-official", entry)),
                     timeout=20, interval=0.05)
    tap.eq(got and got[0], (200, True), "the standby back: reads return to it")
    said = [m.group(1) for m in re.finditer(r"govdx-exchanged: read standby (ok|lagging|down)",
                                             open(os.path.join(STATE, "service.log")).read())]
    want = ["ok", "lagging", "ok", "down", "ok"]
    it = iter(said)
    tap.ok(all(w in it for w in want),
           "the log says each change of the standby's state: ok, lagging, ok, down, ok", said)
    print("# ran in %.1f s" % (time.monotonic() - t0), flush=True)
except SystemExit:
    pass
finally:
    stop_all()
tap.done()
