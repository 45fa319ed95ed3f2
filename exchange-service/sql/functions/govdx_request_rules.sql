-- govdx_request_rules(r, role, department, prefix): the workflow rule of
-- requests, once — for each action of a request, in a fixed order (ord),
-- whether a caller of that role, department and platform subtree prefix
-- (govdx_actor's values):
--   by_role   may take it on this request at all (else 403 forbidden),
--   in_state  the request's state is one it leaves from (else 409),
--   allowed   may take it now (by_role, in_state and what the state adds:
--             a pending request is approved by the provider's approver, a
--             coordinating one by the data authority of the provider's
--             platform),
-- and reason: 'required' (missing or blank is 422 reason_required),
-- 'optional' or 'none'.
--
-- Invariants: govdx_request_transition refuses an action exactly when its
-- row is not allowed, and its JSON's "actions" (govdx_request_actions)
-- lists exactly the allowed rows: what a caller is offered is what the
-- service accepts. One row per action of the wire contract; the names are
-- the vocabulary of the transitions (an action without a row is 400).
-- Visibility is the caller's to check first (404).

CREATE OR REPLACE FUNCTION govdx_request_rules(r request, p_role text, p_department text, p_prefix text)
	RETURNS TABLE (ord integer, name text, by_role boolean, in_state boolean, allowed boolean,
	               reason text)
	LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
	SELECT x.ord, x.name, x.by_role, x.in_state, x.by_role AND x.in_state AND x.now_ok, x.reason
	FROM (SELECT p_role = 'approver' AND p_department = r.provider_department AS provider_approver,
	             p_role IN ('official', 'approver') AND p_department = r.requester_department AS requester,
	             p_role = 'authority' AND starts_with(r.provider_department, p_prefix) AS authority) w,
	LATERAL (VALUES
		(1, 'approve', w.provider_approver OR w.authority, r.state IN ('pending', 'coordinating'),
		    CASE r.state WHEN 'pending' THEN w.provider_approver ELSE w.authority END, 'optional'),
		(2, 'reject', w.provider_approver, r.state = 'pending', true, 'required'),
		(3, 'return', w.provider_approver, r.state = 'pending', true, 'required'),
		(4, 'withdraw', w.requester, r.state IN ('pending', 'returned'), true, 'optional'),
		(5, 'resubmit', w.requester, r.state = 'returned', true, 'optional'),
		(6, 'escalate', w.requester, r.state = 'rejected', true, 'optional'),
		(7, 'close', w.authority, r.state = 'coordinating', true, 'required'))
		AS x (ord, name, by_role, in_state, now_ok, reason)
	ORDER BY x.ord
$$;
