-- tools/lib/bench-inbox.sql — 50,000 open requests in one inbox, for
-- tools/bench prepare: pending requests to 河北省民政厅 (130000008, the inbox
-- of the demo user hebei-approver) from the departments of other
-- provinces, for the entries of 130000008, with deadlines spread over the
-- next 20 working days. Loaded in one statement with the database's own
-- triggers (deadline origin); benchmark data, so no audit events.
\set ON_ERROR_STOP on
BEGIN;
WITH e AS (SELECT code, row_number() OVER (ORDER BY code) - 1 AS i,
                  count(*) OVER () AS n
           FROM entry WHERE department_code = '130000008'),
d AS (SELECT code FROM department WHERE left(code, 2) <> '13' ORDER BY code LIMIT 500),
r AS (SELECT code AS dept, row_number() OVER (ORDER BY code) - 1 AS i, count(*) OVER () AS n FROM d)
INSERT INTO request (state, entry_code, provider_department, requester_department,
                     requester_user, purpose, legal_basis, items, period_from, period_to, deadline)
SELECT 'pending', e.code, '130000008', r.dept, 'bench', '基准测试：核对申请人身份信息',
       '《政务信息资源共享管理暂行办法》第十条', ARRAY['姓名'], date '2024-01-01', date '2024-12-31',
       current_date + (g % 28)
FROM generate_series(0, 49999) AS g
JOIN e ON e.i = g % e.n
JOIN r ON r.i = g % r.n;
COMMIT;
VACUUM ANALYZE request;
