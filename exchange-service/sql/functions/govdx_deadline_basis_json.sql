-- govdx_deadline_basis_json(from, deadline): deadline_provisional,
-- deadline_basis ('notice', 'statute'; NULL without a deadline) and
-- deadline_statute_years (the years counted by the statute).
--
-- Invariant: a deadline is provisional exactly when a day of (from,
-- deadline] lies in a year without a holiday notice.
--
-- PL/pgSQL, not SQL: a SQL function with a sub-SELECT is never inlined, and
-- PostgreSQL 15 plans its body again on every call made from another
-- function's body (the request and objection JSON call it once per row):
-- about 20 ms a row of planning under load, 1 s for a 50-row inbox page. A
-- PL/pgSQL function keeps its plans for the session (docs/benchmarks.md,
-- "The inbox").

CREATE OR REPLACE FUNCTION govdx_deadline_basis_json(p_from date, p_deadline date) RETURNS jsonb
	LANGUAGE plpgsql STABLE AS $$
DECLARE
	years integer[] := CASE WHEN p_deadline IS NULL THEN '{}'::integer[]
	                        ELSE govdx_statute_years(coalesce(p_from, p_deadline - 1), p_deadline) END;
BEGIN
	RETURN jsonb_build_object(
		'deadline_provisional', cardinality(years) > 0,
		'deadline_basis', CASE WHEN p_deadline IS NULL THEN NULL
		                       WHEN cardinality(years) > 0 THEN 'statute' ELSE 'notice' END,
		'deadline_statute_years', to_jsonb(years));
END $$;
