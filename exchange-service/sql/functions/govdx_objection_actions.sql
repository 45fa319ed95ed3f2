-- govdx_objection_actions(o, role, department, prefix): what a caller may
-- do with objection o now, as the "actions" of its JSON:
-- [{"name": "accept", "reason": "optional"}, …] in the rule's order ([]
-- when nothing).
--
-- Invariant: exactly the allowed rows of govdx_objection_rules, the rule
-- the transition enforces.

CREATE OR REPLACE FUNCTION govdx_objection_actions(o objection, p_role text, p_department text,
                                                   p_prefix text)
	RETURNS jsonb
	LANGUAGE sql STABLE PARALLEL SAFE
	RETURN coalesce((SELECT jsonb_agg(jsonb_build_object('name', a.name, 'reason', a.reason) ORDER BY a.ord)
	                 FROM govdx_objection_rules(o, p_role, p_department, p_prefix) a
	                 WHERE a.allowed), '[]'::jsonb);
