-- govdx_revision_rules(r, role, department, prefix): the workflow rule of
-- revisions, once — for each action of a revision, in a fixed order (ord),
-- whether a caller of that role, department and platform subtree prefix
-- (govdx_actor's values):
--   by_role   may take it on this revision at all (else 403 forbidden):
--             the department's drafters (govdx_revision_editor) edit,
--             submit and withdraw; its reviewers (govdx_revision_reviewer)
--             publish and return;
--   in_state  the revision's state is one it leaves from (else 409),
--   allowed   by_role and in_state,
-- and reason: 'required', 'optional' or 'none'.
--
-- 'edit' is the PATCH of the revision, not a transition: it is in the
-- revision's "actions" (so a client knows it may edit) but POST
-- …/transitions does not take it (the transitions' vocabulary leaves it
-- out, govdx_revision_transition refuses it as unknown).
--
-- Invariants: govdx_revision_transition and govdx_revision_edit refuse an
-- action exactly when its row is not allowed, and the revision's "actions"
-- (govdx_revision_actions) list exactly the allowed rows.

CREATE OR REPLACE FUNCTION govdx_revision_rules(r revision, p_role text, p_department text,
                                                p_prefix text)
	RETURNS TABLE (ord integer, name text, by_role boolean, in_state boolean, allowed boolean,
	               reason text)
	LANGUAGE sql STABLE AS $$
	SELECT x.ord, x.name, x.by_role, x.in_state, x.by_role AND x.in_state, x.reason
	FROM (SELECT govdx_revision_editor(p_role, p_department, r.department_code) AS editor,
	             govdx_revision_reviewer(p_role, p_prefix, r.department_code) AS reviewer) w,
	LATERAL (VALUES
		(1, 'edit', w.editor, r.state IN ('draft', 'returned'), 'none'),
		(2, 'submit', w.editor, r.state IN ('draft', 'returned'), 'none'),
		(3, 'withdraw', w.editor, r.state IN ('draft', 'returned', 'submitted'), 'optional'),
		(4, 'publish', w.reviewer, r.state = 'submitted', 'optional'),
		(5, 'return', w.reviewer, r.state = 'submitted', 'required'))
		AS x (ord, name, by_role, in_state, reason)
	ORDER BY x.ord
$$;
