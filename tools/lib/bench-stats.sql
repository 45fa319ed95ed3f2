-- tools/lib/bench-stats.sql — 50,000 decided requests over the last year, for
-- the supervision figures (GET /v1/stats) in tools/bench prepare: for every
-- tenth department with entries, all provinces, requests to its first entry
-- from the next such department, filed 0 to 364 days ago and decided 0 to
-- 19 days later (approved, rejected on a ground, returned, in turn), each
-- with its pending span as the audit trigger would have kept it (migration
-- 019; request_span). Benchmark data, so no audit events. Together with
-- bench-inbox.sql's 50,000 open requests: 100,000 requests, 50,000 spans
-- decided.
\set ON_ERROR_STOP on
BEGIN;
CREATE TEMP TABLE bench_dept ON COMMIT DROP AS
SELECT d.code, e.code AS entry, row_number() OVER (ORDER BY d.code) - 1 AS i
FROM department d
CROSS JOIN LATERAL (SELECT min(x.code) AS code FROM entry x
                    WHERE x.code > d.code || '-' AND x.code < d.code || '.') e
WHERE e.code IS NOT NULL AND right(d.code, 1) = '1';
WITH n AS (SELECT count(*) AS n FROM bench_dept),
r AS (
	INSERT INTO request (state, entry_code, provider_department, requester_department, requester_user,
	                     purpose, legal_basis, items, period_from, period_to, created_at,
	                     decided_by, decided_at, refusal_ground)
	SELECT CASE g % 3 WHEN 0 THEN 'approved' WHEN 1 THEN 'rejected' ELSE 'returned' END,
	       p.entry, p.code, q.code, 'bench-stats', '基准测试：统计', '《政务数据共享条例》',
	       ARRAY['姓名'], date '2024-01-01', date '2024-12-31',
	       now() - make_interval(days => g % 365),
	       CASE WHEN g % 3 < 2 THEN 'bench' END,
	       CASE WHEN g % 3 < 2 THEN now() - make_interval(days => g % 365) END,
	       CASE WHEN g % 3 = 1 THEN (ARRAY['not_held', 'not_shareable', 'insufficient_basis', 'other'])[g % 4 + 1] END
	FROM generate_series(0, 49999) AS g CROSS JOIN n
	JOIN bench_dept p ON p.i = g % n.n
	JOIN bench_dept q ON q.i = (g + 1) % n.n
	RETURNING id, state, entry_code, provider_department, created_at, refusal_ground)
INSERT INTO request_span (request_id, seq, provider_department, entry_code, since, deadline,
                          ended_on, outcome, days, ground)
SELECT r.id, 1, r.provider_department, r.entry_code, s.since, s.since + 14,
       s.since + k.k, CASE r.state WHEN 'approved' THEN 'approved' WHEN 'rejected' THEN 'refused'
                                   ELSE 'returned' END,
       k.k * 5 / 7, r.refusal_ground
FROM r,
     LATERAL (SELECT (r.created_at AT TIME ZONE 'Asia/Shanghai')::date AS since) s,
     LATERAL (SELECT abs(hashtext(r.id)) % 20 AS k) k;
COMMIT;
VACUUM ANALYZE request;
VACUUM ANALYZE request_span;
