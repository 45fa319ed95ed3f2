-- govdx_request_visible(actor, id): whether the request exists and the actor
-- may see it (false for both an unknown and a hidden request: the API
-- answers 404 to either).

CREATE OR REPLACE FUNCTION govdx_request_visible(p_actor text, p_id text) RETURNS boolean
	LANGUAGE sql STABLE
	RETURN coalesce((SELECT govdx_actor_sees(p_actor, r.provider_department, r.requester_department)
	                 FROM request r WHERE r.id = p_id), false);
