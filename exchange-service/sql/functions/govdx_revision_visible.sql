-- govdx_revision_visible(actor, id): whether the revision exists and the
-- actor may see it — the users of its department, and helpdesk, authority
-- and admin users whose platform subtree holds the department (govdx_sees
-- with the department on both sides). False for both an unknown and a
-- hidden revision.

CREATE OR REPLACE FUNCTION govdx_revision_visible(p_actor text, p_id text) RETURNS boolean
	LANGUAGE sql STABLE
	RETURN coalesce((SELECT govdx_actor_sees(p_actor, r.department_code, r.department_code)
	                 FROM revision r WHERE r.id = p_id), false);
