-- govdx_audit_append_at(at, actor, action, subject, from, to, reason):
-- appends one event at time at and returns its seq. For backdated demo
-- data; everything else calls govdx_audit_append.
--
-- Invariants: seq is gapless and the chain linear — every append takes the
-- row lock of the one-row audit_head (held to commit; other appends wait),
-- and a rolled-back append rolls its head update back with it. An event is
-- never before the previous one (a clock that stepped back is clamped).

CREATE OR REPLACE FUNCTION govdx_audit_append_at(p_at timestamptz, p_actor text, p_action text, p_subject text,
                                                 p_from text, p_to text, p_reason text)
	RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE
	h audit_head;
	t timestamptz;
	canon text;
BEGIN
	UPDATE audit_head SET seq = seq + 1 WHERE singleton RETURNING * INTO h;
	-- h.seq is the new seq; h.hash and h.at still describe the previous event.
	t := greatest(p_at, h.at);
	canon := govdx_audit_canonical(h.seq, t, p_actor, p_action, p_subject, p_from, p_to, p_reason);
	INSERT INTO audit_event (seq, at, actor, action, subject, from_state, to_state, reason,
	                         prev_hash, hash)
	VALUES (h.seq, t, p_actor, p_action, p_subject, p_from, p_to, p_reason,
	        h.hash, govdx_audit_hash(h.hash, canon));
	UPDATE audit_head SET hash = govdx_audit_hash(h.hash, canon), at = t WHERE singleton;
	RETURN h.seq;
END $$;
