-- govdx_audit_canonical(...): the canonical text of an audit event, the
-- input of its hash.
--
-- Invariant (docs/architecture.md; never change it, or every stored hash
-- stops verifying): the JSON text {"seq","at","actor","action","subject",
-- "from_state","to_state","reason"} in that key order, no spaces, strings
-- escaped as to_json does (", \, control characters; other characters as
-- UTF-8), NULL as null, seq as a number, at in UTC as
-- YYYY-MM-DDTHH24:MI:SS.USZ.

CREATE OR REPLACE FUNCTION govdx_audit_canonical(p_seq bigint, p_at timestamptz, p_actor text, p_action text,
                                                 p_subject text, p_from text, p_to text, p_reason text)
	RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE
	RETURN '{"seq":' || p_seq::text
		|| ',"at":"' || to_char(p_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') || '"'
		|| ',"actor":' || coalesce(to_json(p_actor)::text, 'null')
		|| ',"action":' || coalesce(to_json(p_action)::text, 'null')
		|| ',"subject":' || coalesce(to_json(p_subject)::text, 'null')
		|| ',"from_state":' || coalesce(to_json(p_from)::text, 'null')
		|| ',"to_state":' || coalesce(to_json(p_to)::text, 'null')
		|| ',"reason":' || coalesce(to_json(p_reason)::text, 'null')
		|| '}';
