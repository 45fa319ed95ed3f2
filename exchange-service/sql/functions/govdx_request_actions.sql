-- govdx_request_actions(r, role, department, prefix): what a caller may do
-- with request r now, as the "actions" of its JSON:
-- [{"name": "approve", "reason": "optional"}, …] in the rule's order ([]
-- when nothing).
--
-- Invariant: exactly the allowed rows of govdx_request_rules, the rule the
-- transition enforces.

CREATE OR REPLACE FUNCTION govdx_request_actions(r request, p_role text, p_department text,
                                                 p_prefix text)
	RETURNS jsonb
	LANGUAGE sql IMMUTABLE PARALLEL SAFE
	RETURN coalesce((SELECT jsonb_agg(jsonb_build_object('name', a.name, 'reason', a.reason) ORDER BY a.ord)
	                 FROM govdx_request_rules(r, p_role, p_department, p_prefix) a
	                 WHERE a.allowed), '[]'::jsonb);
