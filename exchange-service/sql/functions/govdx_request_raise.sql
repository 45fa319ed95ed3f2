-- govdx_request_raise(status, code, message, details): raises an error meant
-- for the API (both workflows use it).
--
-- Invariant: SQLSTATE GXnnn where nnn is the HTTP status, MESSAGE a
-- sentence, HINT the wire error code, DETAIL the JSON text of error.details
-- (none when details is NULL); workflow.c maps it onto the answer.

CREATE OR REPLACE FUNCTION govdx_request_raise(p_status text, p_code text, p_message text, p_details jsonb)
	RETURNS void LANGUAGE plpgsql AS $$
BEGIN
	IF p_details IS NULL THEN
		RAISE EXCEPTION USING ERRCODE = 'GX' || p_status, MESSAGE = p_message, HINT = p_code;
	END IF;
	RAISE EXCEPTION USING ERRCODE = 'GX' || p_status, MESSAGE = p_message, HINT = p_code,
		DETAIL = p_details::text;
END $$;
