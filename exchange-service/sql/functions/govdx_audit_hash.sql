-- govdx_audit_hash(prev, canonical): an event's hash, sha256(prev_hash ||
-- canonical) in lower-case hex. The first prev_hash is 64 zeros.

CREATE OR REPLACE FUNCTION govdx_audit_hash(p_prev text, p_canonical text) RETURNS text
	LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
	RETURN encode(sha256(convert_to(p_prev || p_canonical, 'UTF8')), 'hex');
