-- govdx_visible_objections(actor): every objection the actor may see — a
-- single-SELECT SQL function that the planner inlines into list queries,
-- like govdx_visible_requests (and, like it, re-created on every migrate so
-- that o.* follows the table's columns).

CREATE OR REPLACE FUNCTION govdx_visible_objections(p_actor text) RETURNS SETOF objection
	LANGUAGE sql STABLE
	BEGIN ATOMIC
		SELECT o.* FROM objection o, app_user u JOIN platform p ON p.code = left(u.department_code, 6)
		WHERE u.name = p_actor
		  AND govdx_sees(u.role, u.department_code, p.subtree_prefix,
		                 o.provider_department, o.raiser_department);
	END;
