-- govdx_statute_years(a, b): the years of (a, b] without a holiday notice,
-- in order (empty when b <= a): the years whose days a deadline counted by
-- the statute alone.

CREATE OR REPLACE FUNCTION govdx_statute_years(a date, b date) RETURNS integer[]
	LANGUAGE sql STABLE PARALLEL SAFE
	RETURN coalesce((SELECT array_agg(y ORDER BY y)
	                 FROM generate_series(extract(year FROM a + 1)::int, extract(year FROM b)::int) y
	                 WHERE NOT EXISTS (SELECT 1 FROM calendar_notice n WHERE n.year = y)),
	                '{}');
