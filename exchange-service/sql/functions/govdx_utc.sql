-- govdx_utc(t): a time as the wire contract writes it, UTC with
-- microseconds: YYYY-MM-DDTHH24:MI:SS.USZ (NULL for NULL).

CREATE OR REPLACE FUNCTION govdx_utc(t timestamptz) RETURNS text
	LANGUAGE sql IMMUTABLE PARALLEL SAFE
	RETURN to_char(t AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"');
