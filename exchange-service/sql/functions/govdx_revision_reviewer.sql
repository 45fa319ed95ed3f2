-- govdx_revision_reviewer(role, prefix, target): whether a user of that
-- role and platform subtree prefix (govdx_actor's) reviews the revisions
-- of department target (publishes, returns) and retires its entries — an
-- authority of the department's own platform or of an ancestor platform.

CREATE OR REPLACE FUNCTION govdx_revision_reviewer(p_role text, p_prefix text, p_target text)
	RETURNS boolean
	LANGUAGE sql IMMUTABLE PARALLEL SAFE
	RETURN coalesce(p_role = 'authority' AND starts_with(p_target, p_prefix), false);
