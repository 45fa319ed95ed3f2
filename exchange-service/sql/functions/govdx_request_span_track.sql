-- govdx_request_span_track (trigger on audit_event): keeps request_span
-- (migration 019) from the request events of the audit chain, and fills it
-- once for the requests that existed before it.
--
-- Invariants:
-- - An event into pending (submit, resubmit) opens a span from its day
--   (China time) with the reply deadline counted from that day as the
--   workflow counts it; an event out of pending ends the open span with the
--   outcome, the working days from since to the day of the event, and the
--   request's refusal ground for a reject.
-- - Days are China-time days, as deadlines are.

CREATE OR REPLACE FUNCTION govdx_request_span_apply(p_seq bigint, p_at timestamptz, p_subject text,
                                                    p_action text, p_from text, p_to text)
	RETURNS void LANGUAGE plpgsql AS $$
DECLARE
	rid text := substr(p_subject, 9);
	day date := (p_at AT TIME ZONE 'Asia/Shanghai')::date;
	r record;
BEGIN
	IF p_from = 'pending' THEN
		UPDATE request_span s
		SET ended_on = day,
		    outcome = CASE p_action WHEN 'approve' THEN 'approved' WHEN 'reject' THEN 'refused'
		                            WHEN 'return' THEN 'returned' ELSE 'withdrawn' END,
		    days = greatest(0, govdx_working_days_between(s.since, day)),
		    ground = CASE WHEN p_action = 'reject'
		                  THEN coalesce((SELECT q.refusal_ground FROM request q WHERE q.id = rid), 'other') END
		WHERE s.request_id = rid AND s.ended_on IS NULL;
	END IF;
	IF p_to = 'pending' THEN
		SELECT q.provider_department, q.entry_code INTO r FROM request q WHERE q.id = rid;
		IF FOUND THEN
			INSERT INTO request_span (request_id, seq, provider_department, entry_code, since, deadline)
			VALUES (rid, p_seq, r.provider_department, r.entry_code, day,
			        govdx_add_working_days(day, govdx_setting(left(r.provider_department, 6), 'reply_days')))
			ON CONFLICT DO NOTHING;
		END IF;
	END IF;
END $$;

CREATE OR REPLACE FUNCTION govdx_request_span_track() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	PERFORM govdx_request_span_apply(NEW.seq, NEW.at, NEW.subject, NEW.action, NEW.from_state, NEW.to_state);
	RETURN NULL;
END $$;

CREATE OR REPLACE TRIGGER audit_event_request_span AFTER INSERT ON audit_event
	FOR EACH ROW WHEN (NEW.subject LIKE 'request:%' AND (NEW.from_state = 'pending' OR NEW.to_state = 'pending'))
	EXECUTE FUNCTION govdx_request_span_track();

-- The requests that existed before request_span: replay their events once
-- (an upgraded database; a fresh one has no requests when this first runs).
DO $$
DECLARE
	e record;
BEGIN
	IF EXISTS (SELECT 1 FROM request_span) OR NOT EXISTS (SELECT 1 FROM request) THEN
		RETURN;
	END IF;
	FOR e IN SELECT a.seq, a.at, a.subject, a.action, a.from_state, a.to_state
	         FROM audit_event a
	         WHERE a.subject LIKE 'request:%' AND (a.from_state = 'pending' OR a.to_state = 'pending')
	         ORDER BY a.seq LOOP
		PERFORM govdx_request_span_apply(e.seq, e.at, e.subject, e.action, e.from_state, e.to_state);
	END LOOP;
END $$;
