-- govdx_deadline_basis_json(from, deadline): deadline_provisional,
-- deadline_basis ('notice', 'statute'; NULL without a deadline) and
-- deadline_statute_years (the years counted by the statute).
--
-- Invariant: a deadline is provisional exactly when a day of (from,
-- deadline] lies in a year without a holiday notice.

CREATE OR REPLACE FUNCTION govdx_deadline_basis_json(p_from date, p_deadline date) RETURNS jsonb
	LANGUAGE sql STABLE
	RETURN (SELECT jsonb_build_object(
		'deadline_provisional', cardinality(y.years) > 0,
		'deadline_basis', CASE WHEN p_deadline IS NULL THEN NULL
		                       WHEN cardinality(y.years) > 0 THEN 'statute' ELSE 'notice' END,
		'deadline_statute_years', to_jsonb(y.years))
	FROM (SELECT CASE WHEN p_deadline IS NULL THEN '{}'::integer[]
	                  ELSE govdx_statute_years(coalesce(p_from, p_deadline - 1), p_deadline)
	             END AS years) y);
