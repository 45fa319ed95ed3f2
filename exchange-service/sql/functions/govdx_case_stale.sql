-- govdx_case_stale(noun, version, state): GX412 precondition_failed — the
-- case was changed meanwhile; details carry the version and state it is at
-- now, so the client can reload and decide again.

CREATE OR REPLACE FUNCTION govdx_case_stale(p_noun text, p_version integer, p_state text) RETURNS void
	LANGUAGE plpgsql AS $$
BEGIN
	PERFORM govdx_request_raise('412', 'precondition_failed',
		format('the %s was changed meanwhile (it is now at version %s, %s); reload it before deciding',
		       p_noun, p_version, p_state),
		jsonb_build_object('version', p_version, 'state', p_state));
END $$;
