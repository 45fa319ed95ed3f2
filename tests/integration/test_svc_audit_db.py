#!/usr/bin/env python3
"""The audit log in the database: append-only, a hash chain that holds.

- The chain recomputed here, independently, from the stored rows with the
  canonical form of docs/architecture.md (sha256(prev_hash || canonical JSON),
  keys in order, UTC microseconds), including a reason full of characters
  JSON must escape.
- UPDATE, DELETE and TRUNCATE of audit_event are refused by the database.
- Each create and transition adds exactly one event in its transaction (a
  refused transition adds none) and NOTIFYs govdx_events with its seq.
- Concurrent appends from several connections keep seq gapless and the chain
  linear.
- govdx_audit_verify() is ok after all that, and finds the first broken link
  when an event is altered, re-hashed, or removed: each tampering is done
  as superuser with the triggers off (session_replication_role) inside a
  transaction that is rolled back.

Talks to the real database with psql (GOVDX_DB). The requests it files stay
(withdrawn or decided), like those of any other test.
"""
import hashlib
import json
import os
import shutil
import subprocess
import sys
from datetime import datetime, timedelta, timezone

HERE = os.path.dirname(os.path.abspath(__file__))
TOP_SRC = os.environ.get("top_srcdir", os.path.join(HERE, "..", ".."))
sys.path.insert(0, os.path.join(TOP_SRC, "tests/lib"))
from govdxtest import Tap, run_sql, env_or_skip  # noqa: E402

tap = Tap()
(DB,) = env_or_skip(tap, "GOVDX_DB")
if not shutil.which("psql"):
    tap.skip_all("psql is not installed")


def psql(sql, timeout=120):
    return run_sql(DB, sql, timeout)


def q(sql):
    rc, out, err = psql(sql)
    return out if rc == 0 else f"error: {err}"


def verify():
    out = q("SELECT ok || '|' || checked || '|' || coalesce(last_seq::text, '') || '|' ||"
            " coalesce(broken_at::text, '') || '|' || coalesce(message, '') FROM govdx_audit_verify()")
    parts = out.split("|")
    if len(parts) != 5:
        return {"error": out}
    return {"ok": parts[0] == "true", "checked": int(parts[1]), "last_seq": parts[2],
            "broken_at": parts[3], "message": parts[4]}


EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)


def canonical(seq, at_us, actor, action, subject, from_state, to_state, reason):
    at = (EPOCH + timedelta(microseconds=at_us)).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    s = lambda v: json.dumps(v, ensure_ascii=False)  # noqa: E731
    return (f'{{"seq":{seq},"at":"{at}","actor":{s(actor)},"action":{s(action)},"subject":{s(subject)},'
            f'"from_state":{s(from_state)},"to_state":{s(to_state)},"reason":{s(reason)}}}')


def recompute():
    """Checks the whole stored chain here; returns (events, first problem or None)."""
    rc, out, err = psql("SELECT json_build_array(seq, (extract(epoch FROM at) * 1000000)::bigint, actor, action,"
                        " subject, from_state, to_state, reason, prev_hash, hash) FROM audit_event ORDER BY seq")
    if rc != 0:
        return 0, err
    prev_hash, prev_seq, n = "0" * 64, 0, 0
    for line in out.splitlines():
        seq, at_us, actor, action, subject, f, t, reason, ph, h = json.loads(line)
        n += 1
        if seq != prev_seq + 1:
            return n, f"seq {seq} after {prev_seq}"
        if ph != prev_hash:
            return n, f"event {seq}: prev_hash is not the previous hash"
        want = hashlib.sha256((ph + canonical(seq, at_us, actor, action, subject, f, t, reason))
                              .encode("utf-8")).hexdigest()
        if want != h:
            return n, f"event {seq}: hash {h} but the canonical form gives {want}"
        prev_hash, prev_seq = h, seq
    return n, None


def need(user):
    return q(f"SELECT count(*) FROM app_user WHERE name = '{user}'") == "1"


if not (need("hebei-official") and need("hebei-approver")):
    tap.skip_all("the demo users hebei-official and hebei-approver are missing (seed the demo system)")

ENTRY = ("(SELECT e.code FROM entry e WHERE e.department_code ="
         " (SELECT department_code FROM app_user WHERE name = 'hebei-approver')"
         " AND e.sharing_type = 'conditional' ORDER BY e.code LIMIT 1)")
ITEMS = ("ARRAY[(SELECT t.items -> 0 ->> 'name' FROM entry e JOIN resource_template t ON t.id = e.template_id"
         f" WHERE e.code = {ENTRY})]")


def create_sql(purpose):
    return (f"govdx_request_create('hebei-official', {ENTRY}, '{purpose}',"
            f" '《政务信息资源共享管理暂行办法》（国发〔2016〕51号）第九条', {ITEMS}, govdx_today(), govdx_today() + 180)")


# ---- the stored chain ----------------------------------------------------------
n, problem = recompute()
tap.ok(problem is None, f"the stored chain recomputes here from the canonical form ({n} events)", problem)
v = verify()
tap.ok(v.get("ok") is True and v.get("checked") == n and v.get("last_seq") == str(n),
       "govdx_audit_verify: ok, checked = last_seq = the number of events", v)

# ---- append-only -----------------------------------------------------------------
digest_sql = "SELECT md5(string_agg(hash, '' ORDER BY seq)) || count(*) FROM audit_event"
before = q(digest_sql)
for what, sql in (("UPDATE", "UPDATE audit_event SET reason = 'x' WHERE seq = (SELECT max(seq) FROM audit_event)"),
                  ("DELETE", "DELETE FROM audit_event WHERE seq = (SELECT max(seq) FROM audit_event)"),
                  ("TRUNCATE", "TRUNCATE audit_event")):
    rc, out, err = psql(sql)
    tap.ok(rc != 0 and "append-only" in err and what in err, f"{what} of audit_event is refused by the database", err)
tap.eq(q(digest_sql), before, "the audit rows are as they were")

# ---- one event per step, in the same transaction, with a NOTIFY -------------------------
tricky = 'E\'请补充"用途"与\\\\依据\\n第二行\\t制表\\u0001控制符 / 中文\''
rc, out, err = psql(
    "LISTEN govdx_events;"
    f"SELECT {create_sql('审计测试：逐步记录')} AS id \\gset\n"
    "SELECT 1;"
    f"SELECT govdx_request_transition('hebei-approver', :'id', 1, 'return', {tricky});"
    "SELECT 1;"
    "SELECT govdx_request_transition('hebei-official', :'id', 2, 'resubmit', NULL);"
    "SELECT govdx_request_transition('hebei-approver', :'id', 3, 'reject', '  ');\n"
    "\\echo unreachable\n")
tap.ok(rc != 0 and "reason" in err, "reject with a blank reason is refused (GX422)", err)
rc, out, err = psql(
    "SELECT id FROM request WHERE purpose = '审计测试：逐步记录' ORDER BY created_at DESC LIMIT 1 \\gset\n"
    "SELECT string_agg(action || ':' || coalesce(from_state, '-') || '>' || to_state || ':' || actor, ' '"
    " ORDER BY seq) FROM audit_event WHERE subject = 'request:' || :'id';")
tap.ok(out == "submit:->pending:hebei-official return:pending>returned:hebei-approver "
              "resubmit:returned>pending:hebei-official",
       "one event per step, none for the refused reject", (out, err))
rc, out, err = psql(
    "LISTEN govdx_events;"
    "SELECT id FROM request WHERE purpose = '审计测试：逐步记录' ORDER BY created_at DESC LIMIT 1 \\gset\n"
    "SELECT govdx_request_transition('hebei-official', :'id', 3, 'withdraw', NULL);"
    "SELECT 'last ' || max(seq) FROM audit_event WHERE subject = 'request:' || :'id';")
last = out.split("last ")[-1].strip() if "last " in out else None
tap.ok(last and f'"govdx_events" with payload "{last}"' in out,
       "the transition NOTIFYs govdx_events with its audit seq", (out, err))
rc, out, err = psql("SELECT count(*) FROM audit_event WHERE reason LIKE '%控制符%'")
tap.ok(rc == 0 and int(out or 0) >= 1, "the reason with quotes, backslash, newline, tab and U+0001 is on record", out)

# ---- concurrent appends --------------------------------------------------------------
start = q("SELECT max(seq) FROM audit_event")
script = "".join(f"SELECT {create_sql('审计测试：并发追加')};\n" for _ in range(4))
procs = [subprocess.Popen(["psql", "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-d", DB],
                          stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
         for _ in range(6)]
results = [p.communicate(script, timeout=120) for p in procs]
tap.ok(all(p.returncode == 0 for p in procs), "6 connections x 4 creates at once all succeed",
       [r[1] for r in results if r[1]])
out = q(f"SELECT count(*) || ' ' || (max(seq) - min(seq) + 1) || ' ' || count(DISTINCT prev_hash)"
        f" FROM audit_event WHERE seq > {start}")
cnt = out.split()
tap.ok(len(cnt) == 3 and int(cnt[0]) >= 24 and cnt[0] == cnt[1] == cnt[2],
       "their events: seq gapless, every prev_hash distinct (a linear chain)", out)
# Withdraw them again, so hebei-approver's inbox keeps its demo shape.
q("SELECT count(govdx_request_transition('hebei-official', id, version, 'withdraw', NULL))"
  " FROM request WHERE purpose = '审计测试：并发追加' AND state = 'pending'")

n, problem = recompute()
tap.ok(problem is None, f"after the activity the chain still recomputes here ({n} events)", problem)
v = verify()
tap.ok(v.get("ok") is True and v.get("checked") == n, "govdx_audit_verify is ok after the activity", v)

# ---- tampering is found ----------------------------------------------------------------
superuser = q("SELECT rolsuper FROM pg_roles WHERE rolname = current_user") == "t"
if not superuser:
    tap.skip("tamper detection", "GOVDX_DB does not connect as a superuser")
else:
    k = int(q("SELECT max(seq) / 2 FROM audit_event"))
    last = int(q("SELECT max(seq) FROM audit_event"))
    VERIFY = ("SELECT ok || '|' || checked || '|' || coalesce(broken_at::text, '') || '|' || coalesce(message, '')"
              " FROM govdx_audit_verify();")

    def tampered(change):
        rc, out, err = psql("BEGIN; SET LOCAL session_replication_role = replica;" + change + ";" + VERIFY +
                            "ROLLBACK;")
        return out.split("|") if rc == 0 else ["error", err]

    got = tampered(f"UPDATE audit_event SET reason = coalesce(reason, '') || '（已篡改）' WHERE seq = {k}")
    tap.ok(got[:3] == ["false", str(k - 1), str(k)] and "content" in got[3],
           f"an altered event {k}: broken_at {k}, checked {k - 1}", got)
    got = tampered(f"UPDATE audit_event SET actor = 'mallory', hash = govdx_audit_hash(prev_hash,"
                   f" govdx_audit_canonical(seq, at, 'mallory', action, subject, from_state, to_state, reason))"
                   f" WHERE seq = {k}")
    tap.ok(got[:3] == ["false", str(k), str(k + 1)] and "prev_hash" in got[3],
           f"an altered and re-hashed event {k}: the link to {k + 1} breaks", got)
    got = tampered(f"DELETE FROM audit_event WHERE seq = {k}")
    tap.ok(got[:3] == ["false", str(k - 1), str(k + 1)] and "missing" in got[3],
           f"a removed event {k}: the gap is found at {k + 1}", got)
    got = tampered(f"DELETE FROM audit_event WHERE seq = {last}")
    tap.ok(got[:3] == ["false", str(last - 1), str(last)] and "missing" in got[3],
           f"the last event {last} removed: found against the chain head", got)
    got = tampered(f"UPDATE audit_event SET at = at + interval '1 microsecond' WHERE seq = {k}")
    tap.ok(got[:3] == ["false", str(k - 1), str(k)], "a time moved by one microsecond is found", got)
    v = verify()
    tap.ok(v.get("ok") is True, "after the rollbacks the chain verifies again", v)

tap.done()
