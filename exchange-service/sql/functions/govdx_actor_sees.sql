-- govdx_actor_sees(actor, provider, other): govdx_sees for one pair of
-- departments, looking the actor up (one call per row: fine for a handful
-- of rows, not for a list — see govdx_visible_requests). false for an
-- unknown actor.

CREATE OR REPLACE FUNCTION govdx_actor_sees(p_actor text, p_provider_department text,
                                            p_requester_department text) RETURNS boolean
	LANGUAGE sql STABLE
	RETURN coalesce((SELECT govdx_sees(u.role, u.department_code, p.subtree_prefix,
	                                   p_provider_department, p_requester_department)
	                 FROM app_user u JOIN platform p ON p.code = left(u.department_code, 6)
	                 WHERE u.name = p_actor), false);
