-- govdx_statute_years(a, b): the years of (a, b] without a holiday notice,
-- in order (empty when b <= a): the years whose days a deadline counted by
-- the statute alone.
--
-- PL/pgSQL, not SQL: a SQL function with a sub-SELECT is never inlined, and
-- PostgreSQL 15 plans its body again on every call made from another
-- function's body (the request and objection JSON call it once per row, through
-- govdx_deadline_basis_json):
-- about 20 ms a row of planning under load, 1 s for a 50-row inbox page. A
-- PL/pgSQL function keeps its plans for the session (docs/benchmarks.md,
-- "The inbox").

CREATE OR REPLACE FUNCTION govdx_statute_years(a date, b date) RETURNS integer[]
	LANGUAGE plpgsql STABLE PARALLEL SAFE AS $$
BEGIN
	RETURN coalesce((SELECT array_agg(y ORDER BY y)
	                 FROM generate_series(extract(year FROM a + 1)::int, extract(year FROM b)::int) y
	                 WHERE NOT EXISTS (SELECT 1 FROM calendar_notice n WHERE n.year = y)),
	                '{}');
END $$;
