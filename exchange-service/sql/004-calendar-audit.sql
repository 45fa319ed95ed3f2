-- 004-calendar-audit: the working-day calendar, per-platform deadline
-- settings, and the append-only audit log with its hash chain.
--
-- Invariants:
-- - A day is a working day if calendar_day lists it 'workday' (a make-up
--   working weekend, 调休上班), or it is Monday to Friday and not listed
--   'holiday'. Unlisted weekends are days off.
-- - "Today" for deadlines is the date in Beijing (govdx_today), whatever
--   the server's TimeZone: a deadline day ends at midnight China time.
-- - audit_event is append-only: triggers refuse UPDATE, DELETE and TRUNCATE.
--   seq is gapless and the chain linear because every append takes the row
--   lock of the one-row audit_head (held to commit) and a rolled-back
--   append rolls its head update back with it.
-- - hash = sha256(prev_hash || canonical) in hex, canonical being the JSON
--   text {"seq","at","actor","action","subject","from_state","to_state",
--   "reason"} in that key order, no spaces, strings escaped as to_json does
--   (", \, control characters; other characters as UTF-8), NULL as null,
--   seq as a number, at in UTC as YYYY-MM-DDTHH24:MI:SS.USZ. The first
--   prev_hash is 64 zeros. See docs/architecture.md.
-- Errors meant for the API use SQLSTATE GXnnn (nnn = the HTTP status), the
-- wire error code as HINT and the JSON of error.details as DETAIL.

-- ---- calendar -----------------------------------------------------------------

CREATE TABLE calendar_day (
	date date PRIMARY KEY,
	kind text NOT NULL CHECK (kind IN ('holiday', 'workday')),
	name text NOT NULL DEFAULT '' CHECK (char_length(name) <= 100)
);

CREATE FUNCTION govdx_today() RETURNS date
	LANGUAGE sql STABLE PARALLEL SAFE
	RETURN (now() AT TIME ZONE 'Asia/Shanghai')::date;

CREATE FUNCTION govdx_is_working_day(d date) RETURNS boolean
	LANGUAGE sql STABLE STRICT PARALLEL SAFE
	RETURN coalesce((SELECT c.kind = 'workday' FROM calendar_day c WHERE c.date = d),
	                extract(isodow FROM d) < 6);

-- The n-th working day after d (d itself not counted); d when n <= 0.
CREATE FUNCTION govdx_add_working_days(d date, n integer) RETURNS date
	LANGUAGE plpgsql STABLE STRICT PARALLEL SAFE AS $$
DECLARE
	x date := d;
	left_ integer := n;
BEGIN
	WHILE left_ > 0 LOOP
		x := x + 1;
		IF govdx_is_working_day(x) THEN
			left_ := left_ - 1;
		END IF;
	END LOOP;
	RETURN x;
END $$;

-- Working days from a to b, the sign telling the direction:
-- - b >= a: the working days d with a < d <= b (0 when b = a);
-- - b < a: minus the working days d with b <= d < a, and at least -1.
-- With a = today and b = a deadline this is working_days_left: 0 on the
-- deadline day, 1 the working day before, -1 on any day after it up to and
-- including the first working day after it, -2 on the next working day...
-- (a deadline is itself a working day, so the day after is always overdue).
CREATE FUNCTION govdx_working_days_between(a date, b date) RETURNS integer
	LANGUAGE sql STABLE STRICT PARALLEL SAFE
	RETURN CASE
		WHEN b >= a THEN (SELECT count(*)::integer FROM generate_series(a + 1, b, interval '1 day') g
		                  WHERE govdx_is_working_day(g::date))
		ELSE -greatest(1, (SELECT count(*)::integer FROM generate_series(b, a - 1, interval '1 day') g
		                   WHERE govdx_is_working_day(g::date))) END;

-- ---- deadline settings ----------------------------------------------------------

-- Per platform; a NULL column inherits from the nearest ancestor that sets it.
CREATE TABLE platform_setting (
	platform_code text COLLATE "C" PRIMARY KEY REFERENCES platform (code),
	reply_days integer CHECK (reply_days BETWEEN 1 AND 365),
	coordination_days integer CHECK (coordination_days BETWEEN 1 AND 365),
	verify_days integer CHECK (verify_days BETWEEN 1 AND 365),
	reopen_days integer CHECK (reopen_days BETWEEN 1 AND 365)
);

-- The setting p_name (reply_days, coordination_days, verify_days,
-- reopen_days) of a platform: its own, else its nearest ancestor's, else the
-- default (10, 10, 5, 10).
CREATE FUNCTION govdx_setting(p_platform text, p_name text) RETURNS integer
	LANGUAGE plpgsql STABLE AS $$
DECLARE
	v integer;
BEGIN
	IF p_name NOT IN ('reply_days', 'coordination_days', 'verify_days', 'reopen_days') THEN
		RAISE EXCEPTION 'unknown platform setting "%"', p_name
			USING ERRCODE = 'GX400', HINT = 'invalid_parameter',
			      DETAIL = json_build_object('parameter', p_name)::text;
	END IF;
	SELECT CASE p_name WHEN 'reply_days' THEN s.reply_days
	                   WHEN 'coordination_days' THEN s.coordination_days
	                   WHEN 'verify_days' THEN s.verify_days
	                   ELSE s.reopen_days END
	INTO v
	FROM platform_ancestor a
	JOIN platform p ON p.code = a.ancestor_code
	JOIN platform_setting s ON s.platform_code = a.ancestor_code
	WHERE a.platform_code = p_platform
	  AND CASE p_name WHEN 'reply_days' THEN s.reply_days
	                  WHEN 'coordination_days' THEN s.coordination_days
	                  WHEN 'verify_days' THEN s.verify_days
	                  ELSE s.reopen_days END IS NOT NULL
	ORDER BY char_length(p.subtree_prefix) DESC
	LIMIT 1;
	RETURN coalesce(v, CASE p_name WHEN 'verify_days' THEN 5 ELSE 10 END);
END $$;

-- ---- audit --------------------------------------------------------------------

-- The end of the chain: the last seq, its hash and time. One row.
CREATE TABLE audit_head (
	singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
	seq bigint NOT NULL,
	hash text NOT NULL,
	at timestamptz
);
INSERT INTO audit_head (seq, hash) VALUES (0, repeat('0', 64));

CREATE TABLE audit_event (
	seq bigint PRIMARY KEY CHECK (seq >= 1),
	at timestamptz NOT NULL,
	actor text NOT NULL,
	action text NOT NULL,
	subject text COLLATE "C" NOT NULL,
	from_state text,
	to_state text,
	reason text,
	prev_hash text NOT NULL CHECK (prev_hash ~ '^[0-9a-f]{64}$'),
	hash text NOT NULL CHECK (hash ~ '^[0-9a-f]{64}$')
);
-- GET /v1/audit?subject=...: a subject's events in seq order.
CREATE INDEX audit_event_subject_idx ON audit_event (subject, seq);

-- The canonical text of an event (see the top of this file).
CREATE FUNCTION govdx_audit_canonical(p_seq bigint, p_at timestamptz, p_actor text, p_action text,
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

CREATE FUNCTION govdx_audit_hash(p_prev text, p_canonical text) RETURNS text
	LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
	RETURN encode(sha256(convert_to(p_prev || p_canonical, 'UTF8')), 'hex');

-- Appends one event at time p_at (never before the previous event: a clock
-- that stepped back is clamped) and returns its seq. Blocks other appends
-- until this transaction ends. For backdated demo data; everything else
-- calls govdx_audit_append.
CREATE FUNCTION govdx_audit_append_at(p_at timestamptz, p_actor text, p_action text, p_subject text,
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

-- Appends one event now. The time is taken after the chain lock, so seq
-- order is time order across transactions.
CREATE FUNCTION govdx_audit_append(p_actor text, p_action text, p_subject text, p_from text,
                                   p_to text, p_reason text)
	RETURNS bigint LANGUAGE plpgsql AS $$
BEGIN
	PERFORM 1 FROM audit_head WHERE singleton FOR UPDATE;
	RETURN govdx_audit_append_at(clock_timestamp(), p_actor, p_action, p_subject, p_from, p_to,
	                             p_reason);
END $$;

CREATE FUNCTION govdx_audit_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	RAISE EXCEPTION 'audit_event is append-only: % is not allowed on audit events', TG_OP
		USING ERRCODE = 'GX403', HINT = 'forbidden';
END $$;

CREATE TRIGGER audit_event_no_update BEFORE UPDATE OR DELETE ON audit_event
	FOR EACH ROW EXECUTE FUNCTION govdx_audit_refuse();
CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON audit_event
	FOR EACH STATEMENT EXECUTE FUNCTION govdx_audit_refuse();

-- Recomputes the whole chain. ok with checked = last_seq = the number of
-- events when intact; else broken_at = the first seq whose link is broken
-- (a gap, a wrong prev_hash, a hash that does not match its content, or
-- events missing at the end), checked = the events before it, and message
-- says what is wrong.
CREATE FUNCTION govdx_audit_verify()
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
