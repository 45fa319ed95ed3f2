-- govdx_objection_json(id): the objection object of one id (NULL when there
-- is none). Visibility is the caller's to check (govdx_objection_visible).

CREATE OR REPLACE FUNCTION govdx_objection_json(p_id text) RETURNS jsonb
	LANGUAGE sql STABLE
	RETURN (SELECT govdx_objection_row_json(o) FROM objection o WHERE o.id = p_id);
