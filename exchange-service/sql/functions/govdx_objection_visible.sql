-- govdx_objection_visible(actor, id): whether the objection exists and the
-- actor may see it (false for both an unknown and a hidden objection).

CREATE OR REPLACE FUNCTION govdx_objection_visible(p_actor text, p_id text) RETURNS boolean
	LANGUAGE sql STABLE
	RETURN coalesce((SELECT govdx_actor_sees(p_actor, o.provider_department, o.raiser_department)
	                 FROM objection o WHERE o.id = p_id), false);
