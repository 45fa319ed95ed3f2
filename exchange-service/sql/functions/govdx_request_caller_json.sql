-- govdx_request_caller_json(r, role, department, prefix): the request object
-- the service answers a caller (govdx_actor's values): govdx_request_row_json
-- and "actions", what this caller may do with it now
-- (govdx_request_actions).
--
-- Invariant: every request the API returns (a page, one request, the
-- answer of a create or a transition, the current request of a 412) is
-- built here, so each carries the caller's actions and nothing else
-- differs between callers.

CREATE OR REPLACE FUNCTION govdx_request_caller_json(r request, p_role text, p_department text,
                                                     p_prefix text)
	RETURNS jsonb
	LANGUAGE sql STABLE
	RETURN govdx_request_row_json(r)
		|| jsonb_build_object('actions', govdx_request_actions(r, p_role, p_department, p_prefix));
