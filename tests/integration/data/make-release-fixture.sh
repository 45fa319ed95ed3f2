#!/usr/bin/env bash
# make-release-fixture.sh — the database of a release, as a test fixture.
#
#   make-release-fixture.sh EXCHANGED DATA_DIR CONNINFO OUT.sql.gz
#
# EXCHANGED is govdx-exchanged as the release built it, DATA_DIR its
# exchange-service/ (sql/ and data/), CONNINFO a PostgreSQL connection string
# without dbname (a scratch database govdx_release_fixture is made there and
# dropped). The release's migrate makes the schema, its seed a small
# directory (scale 1000, then cut down to the national platform, 河北 with
# three cities, 浙江 and 广东), demo-users the users and their tokens; then
# tokens are issued and revoked, and requests and objections go through the
# release's own workflow functions (the ones its service calls) into most of
# their states, each step an audit event. The dump is plain SQL without
# owners or privileges, its \restrict lines removed, gzip -9n.
#
# Run once per release, from the release's tree, with the release's build
# (docs/operations.md, "Upgrade"); never regenerate a fixture afterwards:
# it stands for the databases that exist.
set -euo pipefail

[ $# -eq 4 ] || { echo "usage: $0 EXCHANGED DATA_DIR CONNINFO OUT.sql.gz" >&2; exit 2; }
bin=$1 data=$2 base=$3 out=$4
name=govdx_release_fixture
db="$base dbname=$name"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"; psql -X -q -d "$base dbname=postgres" -c "DROP DATABASE IF EXISTS $name" 2>/dev/null || true' EXIT

q() { psql -X -q -At -v ON_ERROR_STOP=1 -d "$db" "$@"; }

psql -X -q -v ON_ERROR_STOP=1 -d "$base dbname=postgres" -c "DROP DATABASE IF EXISTS $name" -c "CREATE DATABASE $name"
"$bin" migrate --db "$db" --data-dir "$data" >/dev/null
"$bin" seed --db "$db" --data-dir "$data" --scale 1000 >/dev/null

# A small directory: the platforms the demo users work on, and three cities.
q >/dev/null <<'SQL'
BEGIN;
CREATE TEMP TABLE keep AS SELECT code FROM platform
	WHERE code IN ('000000', '130000', '330000', '440000') OR (parent_code = '130000' AND code <= '130300');
DELETE FROM entry WHERE left(code, 6) NOT IN (SELECT code FROM keep);
DELETE FROM department WHERE platform_code NOT IN (SELECT code FROM keep);
DELETE FROM platform_counts WHERE platform_code NOT IN (SELECT code FROM keep);
DELETE FROM platform_ancestor
	WHERE platform_code NOT IN (SELECT code FROM keep) OR ancestor_code NOT IN (SELECT code FROM keep);
DELETE FROM platform_setting WHERE platform_code NOT IN (SELECT code FROM keep);
DELETE FROM platform WHERE code NOT IN (SELECT code FROM keep) AND level = 'county';
DELETE FROM platform WHERE code NOT IN (SELECT code FROM keep) AND level = 'municipal';
DELETE FROM platform WHERE code NOT IN (SELECT code FROM keep);
SELECT govdx_recount();
UPDATE seed_info SET entries = (SELECT count(*) FROM entry);
COMMIT;
SQL

"$bin" demo-users --db "$db" --token-dir "$tmp/tokens" >/dev/null
"$bin" token issue nat-admin --db "$db" --out "$tmp/t1" --label monitoring >/dev/null
"$bin" token issue hebei-official --db "$db" --out "$tmp/t2" --days 30 --label laptop >/dev/null
"$bin" token revoke --db "$db" "$(q -c "SELECT max(id) FROM api_token")" >/dev/null

# Requests and objections through the workflow functions, as the service
# makes them: one transaction each, as one HTTP call is.
q >/dev/null <<'SQL'
CREATE TEMP TABLE made (what text PRIMARY KEY, id text);
CREATE FUNCTION pg_temp.req(who text, entry text) RETURNS text LANGUAGE sql AS $$
	SELECT govdx_request_create(who, entry, '核查' || who || '的申请材料', '《政务信息资源共享管理暂行办法》第十条',
		ARRAY[(SELECT t.items -> 0 ->> 'name' FROM entry e JOIN resource_template t ON t.id = e.template_id
		       WHERE e.code = entry)], current_date + 1, current_date + 365)
$$;
CREATE FUNCTION pg_temp.rv(id text) RETURNS integer LANGUAGE sql AS $$ SELECT version FROM request WHERE request.id = $1 $$;
CREATE FUNCTION pg_temp.ov(id text) RETURNS integer LANGUAGE sql AS $$ SELECT version FROM objection WHERE objection.id = $1 $$;
CREATE FUNCTION pg_temp.obj(who text, entry text, kind text) RETURNS text LANGUAGE sql AS $$
	SELECT govdx_objection_create(who, entry,
		(SELECT t.items -> 0 ->> 'name' FROM entry e JOIN resource_template t ON t.id = e.template_id WHERE e.code = entry),
		'130102199001011234', kind, '记录与户籍登记不一致', '户籍系统截图')
$$;
INSERT INTO made VALUES ('pending', pg_temp.req('hebei-official', '000000010-310108-0001'));
INSERT INTO made VALUES ('approved', pg_temp.req('zhejiang-official', '000000010-310108-0001'));
SELECT govdx_request_transition('nat-approver', (SELECT id FROM made WHERE what = 'approved'),
	pg_temp.rv((SELECT id FROM made WHERE what = 'approved')), 'approve', '同意共享');
INSERT INTO made VALUES ('rejected', pg_temp.req('guangdong-official', '000000010-310108-0001'));
SELECT govdx_request_transition('nat-approver', (SELECT id FROM made WHERE what = 'rejected'),
	pg_temp.rv((SELECT id FROM made WHERE what = 'rejected')), 'reject', '用途超出职责范围');
INSERT INTO made VALUES ('returned', pg_temp.req('hebei-approver', '000000010-310108-0001'));
SELECT govdx_request_transition('nat-approver', (SELECT id FROM made WHERE what = 'returned'),
	pg_temp.rv((SELECT id FROM made WHERE what = 'returned')), 'return', '请补充法律依据');
INSERT INTO made VALUES ('withdrawn', pg_temp.req('zhejiang-approver', '000000010-310108-0001'));
SELECT govdx_request_transition('zhejiang-approver', (SELECT id FROM made WHERE what = 'withdrawn'),
	pg_temp.rv((SELECT id FROM made WHERE what = 'withdrawn')), 'withdraw', NULL);
INSERT INTO made VALUES ('escalated', pg_temp.req('hebei-official', '000000010-310108-0001'));
SELECT govdx_request_transition('nat-approver', (SELECT id FROM made WHERE what = 'escalated'),
	pg_temp.rv((SELECT id FROM made WHERE what = 'escalated')), 'reject', '暂不共享');
SELECT govdx_request_transition('hebei-official', (SELECT id FROM made WHERE what = 'escalated'),
	pg_temp.rv((SELECT id FROM made WHERE what = 'escalated')), 'escalate', NULL);
INSERT INTO made VALUES ('unconditional', pg_temp.req('hebei-official', '000000042-342101-0001'));

INSERT INTO made VALUES ('raised', pg_temp.obj('hebei-official', '330000011-313108-0001', 'incorrect'));
INSERT INTO made VALUES ('verifying', pg_temp.obj('zhejiang-official', '000000013-313107-0001', 'outdated'));
SELECT govdx_objection_transition('nat-helpdesk', (SELECT id FROM made WHERE what = 'verifying'),
	pg_temp.ov((SELECT id FROM made WHERE what = 'verifying')), 'accept', NULL);
INSERT INTO made VALUES ('corrected', pg_temp.obj('zhejiang-official', '000000010-310108-0001', 'outdated'));
SELECT govdx_objection_transition('nat-helpdesk', (SELECT id FROM made WHERE what = 'corrected'),
	pg_temp.ov((SELECT id FROM made WHERE what = 'corrected')), 'accept', NULL);
SELECT govdx_objection_transition('nat-approver', (SELECT id FROM made WHERE what = 'corrected'),
	pg_temp.ov((SELECT id FROM made WHERE what = 'corrected')), 'correct', '已更正户籍地址');
INSERT INTO made VALUES ('upheld', pg_temp.obj('hebei-official', '000000010-310108-0001', 'incomplete'));
SELECT govdx_objection_transition('nat-helpdesk', (SELECT id FROM made WHERE what = 'upheld'),
	pg_temp.ov((SELECT id FROM made WHERE what = 'upheld')), 'accept', '转数源部门核实');
SELECT govdx_objection_transition('nat-approver', (SELECT id FROM made WHERE what = 'upheld'),
	pg_temp.ov((SELECT id FROM made WHERE what = 'upheld')), 'uphold', '经核实数据无误');
INSERT INTO made VALUES ('dismissed', pg_temp.obj('guangdong-official', '000000042-342101-0001', 'other'));
SELECT govdx_objection_transition('nat-helpdesk', (SELECT id FROM made WHERE what = 'dismissed'),
	pg_temp.ov((SELECT id FROM made WHERE what = 'dismissed')), 'dismiss', '不属于数据质量问题');
SQL

"$bin" audit verify --db "$db" >/dev/null
pg_dump --no-owner --no-privileges -d "$db" | grep -v '^\\\(un\)\?restrict ' | gzip -9n >"$out.part"
mv "$out.part" "$out"
echo "wrote $out ($(wc -c <"$out") bytes)"
