-- govdx_visible_revisions(actor): every revision the actor may see — a
-- single-SELECT SQL function the planner inlines into list queries, like
-- govdx_visible_objections (re-created on every migrate so that r.*
-- follows the table's columns).

CREATE OR REPLACE FUNCTION govdx_visible_revisions(p_actor text) RETURNS SETOF revision
	LANGUAGE sql STABLE
	BEGIN ATOMIC
		SELECT r.* FROM revision r, app_user u JOIN platform p ON p.code = left(u.department_code, 6)
		WHERE u.name = p_actor
		  AND govdx_sees(u.role, u.department_code, p.subtree_prefix,
		                 r.department_code, r.department_code);
	END;
