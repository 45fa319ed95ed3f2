-- govdx_sees(role, department, prefix, provider, other): the visibility rule
-- of the contract on plain values (inlined into list queries) — the two
-- departments' users, and helpdesk, authority and admin users whose
-- platform subtree holds either department.
--
-- Invariant: department codes begin with their platform code, and platform
-- codes nest, so "in the subtree" is a prefix test.

CREATE OR REPLACE FUNCTION govdx_sees(p_role text, p_department text, p_prefix text,
                                      p_provider text, p_requester text) RETURNS boolean
	LANGUAGE sql IMMUTABLE PARALLEL SAFE
	RETURN p_provider = p_department OR p_requester = p_department
		OR (p_role IN ('helpdesk', 'authority', 'admin')
		    AND (starts_with(p_provider, p_prefix) OR starts_with(p_requester, p_prefix)));
