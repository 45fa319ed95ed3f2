-- govdx_calendar_warning(day): the warning GET /v1/health and the service's
-- log give, or NULL — the notice of the current year is missing, or from
-- 1 December that of the next year (the State Council publishes it in
-- November or December). day is the day to judge (govdx_today() when NULL).

CREATE OR REPLACE FUNCTION govdx_calendar_warning(p_day date DEFAULT NULL) RETURNS text
	LANGUAGE sql STABLE
	RETURN (SELECT CASE WHEN m.year IS NOT NULL THEN
		format('the %s holiday notice is not imported: deadlines that reach into %s are provisional, '
		       'counted by the statute alone; import it with govdx-exchanged calendar import FILE',
		       m.year, m.year) END
	FROM (SELECT min(y) AS year
	      FROM (SELECT coalesce(p_day, govdx_today()) AS d) t,
	           generate_series(extract(year FROM t.d)::int,
	                           extract(year FROM t.d)::int + (extract(month FROM t.d) = 12)::int) y
	      WHERE NOT EXISTS (SELECT 1 FROM calendar_notice n WHERE n.year = y)) m);
