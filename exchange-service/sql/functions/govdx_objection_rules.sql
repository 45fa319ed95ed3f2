-- govdx_objection_rules(o, role, department, prefix): the workflow rule of
-- objections, once — for each action of an objection, in a fixed order
-- (ord), whether a caller of that role, department and platform subtree
-- prefix (govdx_actor's values):
--   by_role   may take it on this objection at all (else 403 forbidden):
--             the helpdesk of the providing platform's subtree accepts,
--             dismisses and closes, approvers of the providing department
--             correct and uphold (verify), the raising department reopens;
--   in_state  the objection's state is one it leaves from (else 409),
--   allowed   may take it now (by_role, in_state and, for reopen, today is
--             within reopen_until: else 409 reopen_window_closed),
-- and reason: 'required' (missing or blank is 422 reason_required; for
-- correct and uphold the reason is the verification note), 'optional' or
-- 'none'.
--
-- Invariants: govdx_objection_transition refuses an action exactly when
-- its row is not allowed, and its JSON's "actions"
-- (govdx_objection_actions) lists exactly the allowed rows. One row per
-- action of the wire contract. Visibility is the caller's to check first.
-- STABLE, not IMMUTABLE: the reopen window depends on today (Beijing).

CREATE OR REPLACE FUNCTION govdx_objection_rules(o objection, p_role text, p_department text,
                                                 p_prefix text)
	RETURNS TABLE (ord integer, name text, by_role boolean, in_state boolean, allowed boolean,
	               reason text)
	LANGUAGE sql STABLE PARALLEL SAFE AS $$
	SELECT x.ord, x.name, x.by_role, x.in_state, x.by_role AND x.in_state AND x.now_ok, x.reason
	FROM (SELECT p_role = 'approver' AND p_department = o.provider_department AS provider_approver,
	             p_department = o.raiser_department AS raiser,
	             p_role = 'helpdesk' AND starts_with(o.provider_department, p_prefix) AS helpdesk) w,
	LATERAL (VALUES
		(1, 'accept', w.helpdesk, o.state = 'raised', true, 'optional'),
		(2, 'dismiss', w.helpdesk, o.state = 'raised', true, 'required'),
		(3, 'correct', w.provider_approver, o.state = 'verifying', true, 'required'),
		(4, 'uphold', w.provider_approver, o.state = 'verifying', true, 'required'),
		(5, 'close', w.helpdesk, o.state IN ('corrected', 'upheld'), true, 'optional'),
		(6, 'reopen', w.raiser, o.state IN ('corrected', 'upheld', 'closed'),
		    coalesce(govdx_today() <= o.reopen_until, false), 'required'))
		AS x (ord, name, by_role, in_state, now_ok, reason)
	ORDER BY x.ord
$$;
