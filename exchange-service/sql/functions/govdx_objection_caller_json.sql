-- govdx_objection_caller_json(o, role, department, prefix): the objection
-- object the service answers a caller (govdx_actor's values):
-- govdx_objection_row_json and "actions", what this caller may do with it
-- now (govdx_objection_actions).
--
-- Invariant: every objection the API returns is built here, as requests
-- are by govdx_request_caller_json.

CREATE OR REPLACE FUNCTION govdx_objection_caller_json(o objection, p_role text, p_department text,
                                                       p_prefix text)
	RETURNS jsonb
	LANGUAGE sql STABLE
	RETURN govdx_objection_row_json(o)
		|| jsonb_build_object('actions', govdx_objection_actions(o, p_role, p_department, p_prefix));
