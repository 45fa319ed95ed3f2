-- govdx_visible_requests(actor): every request the actor may see.
--
-- Invariants: a single-SELECT SQL function, so the planner inlines it: list
-- queries add their box, state, deadline and keyset conditions, ORDER BY
-- deadline, id and LIMIT, and the request indexes serve them (the actor row
-- is read once, not per request):
--   SELECT govdx_request_row_json(r) FROM govdx_visible_requests($1) r
--   WHERE r.provider_department = $dept ... ORDER BY r.deadline, r.id LIMIT $n
-- A BEGIN ATOMIC body fixes the columns r.* stands for when it is created;
-- migrate re-creates it on every run, so a new column of request is in.

CREATE OR REPLACE FUNCTION govdx_visible_requests(p_actor text) RETURNS SETOF request
	LANGUAGE sql STABLE
	BEGIN ATOMIC
		SELECT r.* FROM request r, app_user u JOIN platform p ON p.code = left(u.department_code, 6)
		WHERE u.name = p_actor
		  AND govdx_sees(u.role, u.department_code, p.subtree_prefix,
		                 r.provider_department, r.requester_department);
	END;
