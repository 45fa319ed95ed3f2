-- govdx_stats(actor, platform, from, to, by, sort, limit): the supervision
-- figures of GET /v1/stats as its JSON answer (docs/api/openapi.yaml).
--
-- Invariants:
-- - The scope and period are govdx_stats_scope's and govdx_stats_period's
--   (GX403, GX404, GX400); by and sort are checked by the caller (the HTTP
--   layer), an unknown sort orders by code.
-- - received: requests by created_at (China-time days), from the counts
--   of request_day; decisions: the ended request_span rows of outcome
--   approved, refused or returned, by ended_on; open, overdue: now, whatever
--   the period, from the counts of request_open.
-- - Every read is a range of provider department codes (the scope) and a
--   range of days: request_day's and request_open's primary keys,
--   request_span_decided_idx. The request table itself is not read. Totals
--   come from the same scans (GROUPING SETS).

-- The department rows and the totals (the row whose d is NULL; '' inside,
-- so that the joins are hash joins on equality).
CREATE OR REPLACE FUNCTION govdx_stats_departments(p_lo text, p_hi text, p_from date, p_to date)
	RETURNS TABLE (d text, received bigint, decided bigint, approved bigint, refused bigint,
	               returned bigint, median_days numeric, p90_days numeric, decided_late bigint,
	               open bigint, overdue bigint)
	LANGUAGE sql STABLE AS $$
	WITH rcv AS (
		SELECT coalesce(r.provider_department, '') AS d, sum(r.n) AS n
		FROM request_day r
		WHERE r.provider_department >= p_lo AND r.provider_department < p_hi
		  AND r.day BETWEEN p_from AND p_to
		GROUP BY GROUPING SETS ((r.provider_department), ())),
	dec AS (
		SELECT coalesce(s.provider_department, '') AS d, count(*) AS n,
		       count(*) FILTER (WHERE s.outcome = 'approved') AS approved,
		       count(*) FILTER (WHERE s.outcome = 'refused') AS refused,
		       count(*) FILTER (WHERE s.outcome = 'returned') AS returned,
		       percentile_cont(0.5) WITHIN GROUP (ORDER BY s.days) AS med,
		       percentile_cont(0.9) WITHIN GROUP (ORDER BY s.days) AS p90,
		       count(*) FILTER (WHERE s.ended_on > s.deadline) AS late
		FROM request_span s
		WHERE s.provider_department >= p_lo AND s.provider_department < p_hi
		  AND s.ended_on BETWEEN p_from AND p_to AND s.outcome <> 'withdrawn'
		GROUP BY GROUPING SETS ((s.provider_department), ())),
	opn AS (
		SELECT coalesce(r.provider_department, '') AS d, sum(r.n) AS n,
		       coalesce(sum(r.n) FILTER (WHERE r.deadline < govdx_today()), 0) AS overdue
		FROM request_open r
		WHERE r.provider_department >= p_lo AND r.provider_department < p_hi
		GROUP BY GROUPING SETS ((r.provider_department), ())),
	ids AS (SELECT rcv.d FROM rcv UNION SELECT dec.d FROM dec UNION SELECT opn.d FROM opn
	        UNION SELECT '')
	SELECT nullif(ids.d, ''), coalesce(rcv.n, 0), coalesce(dec.n, 0), coalesce(dec.approved, 0),
	       coalesce(dec.refused, 0), coalesce(dec.returned, 0),
	       round(dec.med::numeric, 2), round(dec.p90::numeric, 2), coalesce(dec.late, 0),
	       coalesce(opn.n, 0), coalesce(opn.overdue, 0)
	FROM ids
	LEFT JOIN rcv ON rcv.d = ids.d
	LEFT JOIN dec ON dec.d = ids.d
	LEFT JOIN opn ON opn.d = ids.d
$$;

-- The totals alone (for by=entry and by=month): the same figures as the
-- NULL row of govdx_stats_departments, without grouping by department.
CREATE OR REPLACE FUNCTION govdx_stats_totals(p_lo text, p_hi text, p_from date, p_to date) RETURNS jsonb
	LANGUAGE sql STABLE AS $$
	SELECT jsonb_build_object(
		'received', (SELECT coalesce(sum(r.n), 0) FROM request_day r
		             WHERE r.provider_department >= p_lo AND r.provider_department < p_hi
		               AND r.day BETWEEN p_from AND p_to),
		'decided', dec.n, 'approved', dec.approved, 'refused', dec.refused, 'returned', dec.returned,
		'median_days', round(dec.med::numeric, 2), 'p90_days', round(dec.p90::numeric, 2),
		'decided_late', dec.late, 'open', opn.n, 'overdue', opn.overdue)
	FROM (SELECT count(*) AS n,
	             count(*) FILTER (WHERE s.outcome = 'approved') AS approved,
	             count(*) FILTER (WHERE s.outcome = 'refused') AS refused,
	             count(*) FILTER (WHERE s.outcome = 'returned') AS returned,
	             percentile_cont(0.5) WITHIN GROUP (ORDER BY s.days) AS med,
	             percentile_cont(0.9) WITHIN GROUP (ORDER BY s.days) AS p90,
	             count(*) FILTER (WHERE s.ended_on > s.deadline) AS late
	      FROM request_span s
	      WHERE s.provider_department >= p_lo AND s.provider_department < p_hi
	        AND s.ended_on BETWEEN p_from AND p_to AND s.outcome <> 'withdrawn') dec,
	     (SELECT coalesce(sum(r.n), 0) AS n,
	             coalesce(sum(r.n) FILTER (WHERE r.deadline < govdx_today()), 0) AS overdue
	      FROM request_open r
	      WHERE r.provider_department >= p_lo AND r.provider_department < p_hi) opn
$$;

-- A share of decided, null when nothing was decided.
CREATE OR REPLACE FUNCTION govdx_stats_share(n bigint, decided bigint) RETURNS numeric
	LANGUAGE sql IMMUTABLE PARALLEL SAFE
	RETURN CASE WHEN decided > 0 THEN round(n::numeric / decided, 4) END;

-- The entry rows: requests received and objections raised in the period,
-- objections accepted (ever), days disputed in the period.
CREATE OR REPLACE FUNCTION govdx_stats_entries(p_lo text, p_hi text, p_from date, p_to date)
	RETURNS TABLE (entry_code text, requests bigint, objections bigint, objections_accepted bigint,
	               days_disputed bigint)
	LANGUAGE sql STABLE AS $$
	WITH req AS (
		SELECT r.entry_code AS e, sum(r.n) AS n
		FROM request_day r
		WHERE r.provider_department >= p_lo AND r.provider_department < p_hi
		  AND r.day BETWEEN p_from AND p_to
		GROUP BY 1),
	obj AS (
		SELECT o.entry_code AS e, count(*) AS n,
		       count(*) FILTER (WHERE EXISTS (SELECT 1 FROM audit_event a
		                                      WHERE a.subject = 'objection:' || o.id
		                                        AND a.action = 'accept')) AS acc
		FROM objection o
		WHERE o.provider_department >= p_lo AND o.provider_department < p_hi
		  AND o.created_at >= (p_from::timestamp AT TIME ZONE 'Asia/Shanghai')
		  AND o.created_at < ((p_to + 1)::timestamp AT TIME ZONE 'Asia/Shanghai')
		GROUP BY 1),
	-- Each stretch an objection of the scope spent disputed (verifying,
	-- corrected, upheld): from the day of the event into it to the day of
	-- the next event (today while it lasts), both included, cut to the period.
	ev AS (
		SELECT o.entry_code AS e, a.to_state,
		       (a.at AT TIME ZONE 'Asia/Shanghai')::date AS since,
		       (lead(a.at) OVER (PARTITION BY a.subject ORDER BY a.seq) AT TIME ZONE 'Asia/Shanghai')::date
		           AS until
		FROM objection o JOIN audit_event a ON a.subject = 'objection:' || o.id
		WHERE o.provider_department >= p_lo AND o.provider_department < p_hi
		  AND o.entry_code IN (SELECT req.e FROM req UNION SELECT obj.e FROM obj)),
	dis AS (
		SELECT ev.e, sum(upper(x) - lower(x)) AS days
		FROM (SELECT ev.e,
		             range_agg(daterange(ev.since, coalesce(ev.until, govdx_today()), '[]')
		                       * daterange(p_from, p_to, '[]')) AS m
		      FROM ev WHERE ev.to_state IN ('verifying', 'corrected', 'upheld')
		      GROUP BY ev.e) ev, unnest(ev.m) x
		GROUP BY ev.e)
	SELECT k.e, coalesce(req.n, 0), coalesce(obj.n, 0), coalesce(obj.acc, 0), coalesce(dis.days, 0)
	FROM (SELECT req.e FROM req UNION SELECT obj.e FROM obj) k
	LEFT JOIN req ON req.e = k.e
	LEFT JOIN obj ON obj.e = k.e
	LEFT JOIN dis ON dis.e = k.e
$$;

-- The month rows: every calendar month the period meets.
CREATE OR REPLACE FUNCTION govdx_stats_months(p_lo text, p_hi text, p_from date, p_to date)
	RETURNS TABLE (month text, received bigint, decided bigint, approved bigint, refused bigint,
	               returned bigint, decided_late bigint, median_days numeric, p90_days numeric)
	LANGUAGE sql STABLE AS $$
	WITH m AS (
		SELECT g::date AS m
		FROM generate_series(date_trunc('month', p_from), date_trunc('month', p_to), interval '1 month') g),
	rcv AS (
		SELECT date_trunc('month', r.day)::date AS m, sum(r.n) AS n
		FROM request_day r
		WHERE r.provider_department >= p_lo AND r.provider_department < p_hi
		  AND r.day BETWEEN p_from AND p_to
		GROUP BY 1),
	dec AS (
		SELECT date_trunc('month', s.ended_on)::date AS m, count(*) AS n,
		       count(*) FILTER (WHERE s.outcome = 'approved') AS approved,
		       count(*) FILTER (WHERE s.outcome = 'refused') AS refused,
		       count(*) FILTER (WHERE s.outcome = 'returned') AS returned,
		       count(*) FILTER (WHERE s.ended_on > s.deadline) AS late,
		       percentile_cont(0.5) WITHIN GROUP (ORDER BY s.days) AS med,
		       percentile_cont(0.9) WITHIN GROUP (ORDER BY s.days) AS p90
		FROM request_span s
		WHERE s.provider_department >= p_lo AND s.provider_department < p_hi
		  AND s.ended_on BETWEEN p_from AND p_to AND s.outcome <> 'withdrawn'
		GROUP BY 1)
	SELECT to_char(m.m, 'YYYY-MM'), coalesce(rcv.n, 0), coalesce(dec.n, 0), coalesce(dec.approved, 0),
	       coalesce(dec.refused, 0), coalesce(dec.returned, 0), coalesce(dec.late, 0),
	       round(dec.med::numeric, 2), round(dec.p90::numeric, 2)
	FROM m LEFT JOIN rcv ON rcv.m = m.m LEFT JOIN dec ON dec.m = m.m
$$;

-- The weeks: the last at most 26 Monday-started weeks that meet the period,
-- with the decisions made in each (within the period) and the requests
-- pending past their reply deadline at its end (or the period's end, or
-- today, when earlier). Only spans that were ever overdue are read
-- (request_span_late_idx), each counted in the weeks its overdue stretch
-- covers.
CREATE OR REPLACE FUNCTION govdx_stats_weeks(p_lo text, p_hi text, p_from date, p_to date)
	RETURNS TABLE (week date, decided bigint, overdue bigint)
	LANGUAGE sql STABLE AS $$
	WITH w AS (
		SELECT g::date AS mon, least(g::date + 6, p_to, govdx_today()) AS e
		FROM generate_series(greatest(date_trunc('week', p_from), date_trunc('week', p_to) - interval '25 weeks'),
		                     date_trunc('week', p_to), interval '1 week') g),
	dec AS (
		SELECT date_trunc('week', s.ended_on)::date AS mon, count(*) AS n
		FROM request_span s
		WHERE s.provider_department >= p_lo AND s.provider_department < p_hi
		  AND s.ended_on BETWEEN greatest(p_from, (SELECT min(w.mon) FROM w)) AND p_to
		  AND s.outcome <> 'withdrawn'
		GROUP BY 1),
	late AS MATERIALIZED (
		SELECT s.deadline, s.ended_on
		FROM request_span s
		WHERE (s.ended_on IS NULL OR s.ended_on > s.deadline)
		  AND s.deadline < (SELECT max(w.e) FROM w)
		  AND (s.ended_on IS NULL OR s.ended_on > (SELECT min(w.e) FROM w))
		  AND s.provider_department >= p_lo AND s.provider_department < p_hi),
	ovd AS (
		SELECT w.mon, count(*) AS n
		FROM w JOIN late l ON l.deadline < w.e AND (l.ended_on IS NULL OR l.ended_on > w.e)
		GROUP BY w.mon)
	SELECT w.mon, coalesce(dec.n, 0), coalesce(ovd.n, 0)
	FROM w LEFT JOIN dec ON dec.mon = w.mon LEFT JOIN ovd ON ovd.mon = w.mon
	ORDER BY w.mon
$$;

CREATE OR REPLACE FUNCTION govdx_stats(p_actor text, p_platform text, p_from date, p_to date,
                                       p_by text, p_sort text, p_limit integer) RETURNS jsonb
	LANGUAGE plpgsql STABLE SET jit = off AS $$
DECLARE
	sc record;
	pd record;
	totals jsonb;
	rows_ jsonb;
	n bigint;
	weekly jsonb;
BEGIN
	SELECT * INTO sc FROM govdx_stats_scope(p_actor, p_platform);
	SELECT * INTO pd FROM govdx_stats_period(p_from, p_to);

	-- The department rows and the totals: one call of
	-- govdx_stats_departments; names only for the rows sent. Other rows:
	-- the totals alone.
	IF p_by = 'department' THEN
		SELECT count(*) FILTER (WHERE x.d IS NOT NULL),
		       jsonb_agg(jsonb_build_object(
		           'department_code', x.d,
		           'department_name', (SELECT dp.name FROM department dp WHERE dp.code = x.d),
		           'platform_code', left(x.d, 6),
		           'received', x.received, 'decided', x.decided, 'approved', x.approved,
		           'refused', x.refused, 'returned', x.returned,
		           'approved_share', govdx_stats_share(x.approved, x.decided),
		           'refused_share', govdx_stats_share(x.refused, x.decided),
		           'returned_share', govdx_stats_share(x.returned, x.decided),
		           'median_days', x.median_days, 'p90_days', x.p90_days,
		           'decided_late', x.decided_late, 'open', x.open, 'overdue', x.overdue)
		           ORDER BY x.ord) FILTER (WHERE x.d IS NOT NULL AND x.ord <= p_limit),
		       (array_agg(jsonb_build_object(
		           'received', x.received, 'decided', x.decided, 'approved', x.approved,
		           'refused', x.refused, 'returned', x.returned,
		           'median_days', x.median_days, 'p90_days', x.p90_days,
		           'decided_late', x.decided_late, 'open', x.open, 'overdue', x.overdue))
		           FILTER (WHERE x.d IS NULL))[1]
		INTO n, rows_, totals
		FROM (SELECT y.*, row_number() OVER (
		             ORDER BY y.d IS NULL,
		                      CASE p_sort WHEN 'late' THEN y.decided_late WHEN 'overdue' THEN y.overdue
		                                  WHEN 'received' THEN y.received WHEN 'median' THEN y.median_days
		                                  WHEN 'p90' THEN y.p90_days END DESC NULLS LAST, y.d) AS ord
		      FROM govdx_stats_departments(sc.prefix, sc.hi, pd.f, pd.t) y) x;
	ELSE
		totals := govdx_stats_totals(sc.prefix, sc.hi, pd.f, pd.t);
	END IF;

	IF p_by = 'entry' THEN
		SELECT count(*), jsonb_agg(jsonb_build_object(
		           'entry_code', x.entry_code, 'entry_name', e.name,
		           'department_code', e.department_code, 'department_name', d.name,
		           'requests', x.requests, 'objections', x.objections,
		           'objections_accepted', x.objections_accepted, 'days_disputed', x.days_disputed)
		           ORDER BY x.ord) FILTER (WHERE x.ord <= p_limit)
		INTO n, rows_
		FROM (SELECT y.*, row_number() OVER (
		             ORDER BY CASE p_sort WHEN 'requests' THEN y.requests WHEN 'objections' THEN y.objections
		                                  WHEN 'disputed' THEN y.days_disputed END DESC NULLS LAST,
		                      y.entry_code) AS ord
		      FROM govdx_stats_entries(sc.prefix, sc.hi, pd.f, pd.t) y) x
		LEFT JOIN LATERAL (SELECT e.name, e.department_code FROM entry e
		                   WHERE x.ord <= p_limit AND e.code = x.entry_code) e ON true
		LEFT JOIN LATERAL (SELECT d.name FROM department d
		                   WHERE x.ord <= p_limit AND d.code = e.department_code) d ON true;
	ELSIF p_by = 'month' THEN
		SELECT count(*), jsonb_agg(jsonb_build_object(
		           'month', x.month, 'received', x.received, 'decided', x.decided,
		           'approved', x.approved, 'refused', x.refused, 'returned', x.returned,
		           'decided_late', x.decided_late, 'median_days', x.median_days, 'p90_days', x.p90_days)
		           ORDER BY x.ord) FILTER (WHERE x.ord <= p_limit)
		INTO n, rows_
		FROM (SELECT y.*, row_number() OVER (ORDER BY y.month) AS ord
		      FROM govdx_stats_months(sc.prefix, sc.hi, pd.f, pd.t) y) x;
	END IF;

	SELECT coalesce(jsonb_agg(jsonb_build_object('week', w.week, 'decided', w.decided, 'overdue', w.overdue)
	                          ORDER BY w.week), '[]')
	INTO weekly
	FROM govdx_stats_weeks(sc.prefix, sc.hi, pd.f, pd.t) w;

	RETURN jsonb_build_object(
		'scope', jsonb_build_object('kind', sc.kind, 'platform_code', sc.platform_code,
		                            'platform_name', sc.platform_name,
		                            'department_code', sc.department_code,
		                            'department_name', sc.department_name),
		'from', pd.f, 'to', pd.t, 'by', coalesce(p_by, 'department'),
		'totals', totals, 'rows', coalesce(rows_, '[]'), 'weekly', weekly,
		'truncated', coalesce(n, 0) > p_limit);
END $$;
