-- govdx_revision_actions(r, role, department, prefix): what a caller may do
-- with revision r now, as the "actions" of its JSON:
-- [{"name": "submit", "reason": "none"}, …] in the rule's order ([] when
-- nothing).
--
-- Invariant: exactly the allowed rows of govdx_revision_rules, the rule the
-- transition and the edit enforce.

CREATE OR REPLACE FUNCTION govdx_revision_actions(r revision, p_role text, p_department text,
                                                  p_prefix text)
	RETURNS jsonb
	LANGUAGE sql STABLE
	RETURN coalesce((SELECT jsonb_agg(jsonb_build_object('name', a.name, 'reason', a.reason) ORDER BY a.ord)
	                 FROM govdx_revision_rules(r, p_role, p_department, p_prefix) a
	                 WHERE a.allowed), '[]'::jsonb);
