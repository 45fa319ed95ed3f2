-- govdx_entry_rules(e, role, department, prefix): the rule of what a caller
-- (govdx_actor's values) may do with a catalog entry, in a fixed order:
--   revise  start a revision of it (POST /v1/revisions with its code): a
--           drafter of its department (govdx_revision_editor), while it is
--           published and has no open revision;
--   retire  (下架, with a reason): an authority over its department
--           (govdx_revision_reviewer), while it is published;
-- with by_role, in_state, allowed and reason as govdx_revision_rules.
--
-- Invariants: govdx_entry_transition refuses retire exactly when its row is
-- not allowed; govdx_revision_create refuses a revision exactly when the
-- revise row is not allowed; the entry's "actions" list the allowed rows.

CREATE OR REPLACE FUNCTION govdx_entry_rules(e entry, p_role text, p_department text, p_prefix text)
	RETURNS TABLE (ord integer, name text, by_role boolean, in_state boolean, allowed boolean,
	               reason text)
	LANGUAGE sql STABLE AS $$
	SELECT x.ord, x.name, x.by_role, x.in_state, x.by_role AND x.in_state, x.reason
	FROM (VALUES
		(1, 'revise', govdx_revision_editor(p_role, p_department, e.department_code),
		    e.status = 'published'
		    AND NOT EXISTS (SELECT 1 FROM revision r WHERE r.entry_code = e.code
		                    AND r.state IN ('draft', 'submitted', 'returned')), 'none'),
		(2, 'retire', govdx_revision_reviewer(p_role, p_prefix, e.department_code),
		    e.status = 'published', 'required'))
		AS x (ord, name, by_role, in_state, reason)
	ORDER BY x.ord
$$;
