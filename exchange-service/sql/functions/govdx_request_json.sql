-- govdx_request_json(id): the request object of one id (NULL when there is
-- none). Visibility is the caller's to check (govdx_request_visible).

CREATE OR REPLACE FUNCTION govdx_request_json(p_id text) RETURNS jsonb
	LANGUAGE sql STABLE
	RETURN (SELECT govdx_request_row_json(r) FROM request r WHERE r.id = p_id);
