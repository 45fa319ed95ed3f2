-- govdx_deadline_json(deadline): the deadline fields both case objects
-- carry — deadline, working_days_left (docs/architecture.md, "Deadlines"),
-- due_soon (0 to 2 working days left) and overdue (the deadline is before
-- today).
--
-- Invariant: one expression with no FROM, so the planner inlines it into
-- the objects' queries (a list page builds up to 200 objects).

CREATE OR REPLACE FUNCTION govdx_deadline_json(p_deadline date) RETURNS jsonb
	LANGUAGE sql STABLE
	RETURN jsonb_build_object(
		'deadline', p_deadline,
		'working_days_left', CASE WHEN p_deadline IS NOT NULL
		                          THEN govdx_working_days_between(govdx_today(), p_deadline) END,
		'due_soon', coalesce(p_deadline >= govdx_today()
		                     AND govdx_working_days_between(govdx_today(), p_deadline) <= 2, false),
		'overdue', coalesce(p_deadline < govdx_today(), false));
