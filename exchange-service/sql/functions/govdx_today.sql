-- govdx_today(): "today" for deadlines, the date in Beijing.
--
-- Invariant: whatever the server's TimeZone, a deadline day ends at midnight
-- China time.

CREATE OR REPLACE FUNCTION govdx_today() RETURNS date
	LANGUAGE sql STABLE PARALLEL SAFE
	RETURN (now() AT TIME ZONE 'Asia/Shanghai')::date;
