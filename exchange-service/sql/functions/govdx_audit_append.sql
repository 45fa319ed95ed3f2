-- govdx_audit_append(actor, action, subject, from, to, reason): appends one
-- event now and returns its seq.
--
-- Invariant: the time is taken after the chain lock, so seq order is time
-- order across transactions.

CREATE OR REPLACE FUNCTION govdx_audit_append(p_actor text, p_action text, p_subject text, p_from text,
                                              p_to text, p_reason text)
	RETURNS bigint LANGUAGE plpgsql AS $$
BEGIN
	PERFORM 1 FROM audit_head WHERE singleton FOR UPDATE;
	RETURN govdx_audit_append_at(clock_timestamp(), p_actor, p_action, p_subject, p_from, p_to,
	                             p_reason);
END $$;
