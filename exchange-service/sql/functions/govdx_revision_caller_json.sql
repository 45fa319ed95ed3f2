-- govdx_revision_caller_json(r, role, department, prefix): the revision
-- object the service answers a caller (govdx_actor's values):
-- govdx_revision_row_json and "actions" (govdx_revision_actions).
--
-- Invariant: every revision the API returns is built here.

CREATE OR REPLACE FUNCTION govdx_revision_caller_json(r revision, p_role text, p_department text,
                                                      p_prefix text)
	RETURNS jsonb
	LANGUAGE sql STABLE
	RETURN govdx_revision_row_json(r)
		|| jsonb_build_object('actions', govdx_revision_actions(r, p_role, p_department, p_prefix));
