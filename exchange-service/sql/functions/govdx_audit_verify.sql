-- govdx_audit_verify(): recomputes the whole chain. ok with checked =
-- last_seq = the number of events when intact; else broken_at = the first
-- seq whose link is broken (a gap, a wrong prev_hash, a hash that does not
-- match its content, or events missing at the end), checked = the events
-- before it, and message says what is wrong.

CREATE OR REPLACE FUNCTION govdx_audit_verify()
	RETURNS TABLE (ok boolean, checked bigint, last_seq bigint, broken_at bigint, message text)
	LANGUAGE plpgsql STABLE AS $$
DECLARE
	bad record;
	n bigint;
	top bigint;
	head_seq bigint;
BEGIN
	SELECT e.seq, e.why INTO bad FROM (
		SELECT x.seq,
		       CASE WHEN x.seq <> coalesce(x.pseq, 0) + 1
		                 THEN format('seq %s follows seq %s: events are missing', x.seq, coalesce(x.pseq, 0))
		            WHEN x.prev_hash <> coalesce(x.phash, repeat('0', 64))
		                 THEN format('event %s: prev_hash does not match the hash of event %s', x.seq, coalesce(x.pseq, 0))
		            WHEN x.hash <> govdx_audit_hash(x.prev_hash,
		                     govdx_audit_canonical(x.seq, x.at, x.actor, x.action, x.subject,
		                                           x.from_state, x.to_state, x.reason))
		                 THEN format('event %s: its hash does not match its content', x.seq)
		       END AS why
		FROM (SELECT a.*, lag(a.seq) OVER w AS pseq, lag(a.hash) OVER w AS phash
		      FROM audit_event a WINDOW w AS (ORDER BY a.seq)) x) e
	WHERE e.why IS NOT NULL
	ORDER BY e.seq
	LIMIT 1;
	IF FOUND THEN
		SELECT count(*) INTO n FROM audit_event a WHERE a.seq < bad.seq;
		RETURN QUERY SELECT false, n, (SELECT max(a.seq) FROM audit_event a WHERE a.seq < bad.seq),
		                    bad.seq::bigint, bad.why;
		RETURN;
	END IF;
	SELECT count(*), coalesce(max(a.seq), 0) INTO n, top FROM audit_event a;
	SELECT h.seq INTO head_seq FROM audit_head h;
	IF head_seq <> top THEN
		RETURN QUERY SELECT false, n, top, top + 1,
		                    format('the chain ends at seq %s but its head is seq %s: events are missing', top, head_seq);
		RETURN;
	END IF;
	RETURN QUERY SELECT true, n, top, NULL::bigint, NULL::text;
END $$;
