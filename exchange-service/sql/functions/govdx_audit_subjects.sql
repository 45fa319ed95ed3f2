-- govdx_audit_subjects(): what the rows say against what their audit events
-- say. One row (subject, message) for each request, objection or revision
-- whose state is not the to_state of its latest event (or that has no
-- event), for each entry whose status is not the to_state of its latest
-- publish or retire event (only entries that have one: those the seed
-- loaded and nobody published since have none, and are not read), and for each entry whose disputed
-- mark is not what its objections make it (govdx_entry_disputed_now:
-- marked while one is verifying, corrected or upheld, or closed with its
-- correcting revision still open); no rows when all agree. Read-only; it
-- reads every case and the disputed entries, for `govdx-exchanged audit
-- verify`, not for a request path.

CREATE OR REPLACE FUNCTION govdx_audit_subjects()
	RETURNS TABLE (subject text, message text)
	LANGUAGE sql STABLE AS $$
	WITH last AS (
		SELECT DISTINCT ON (a.subject) a.subject, a.to_state
		FROM audit_event a
		WHERE a.subject LIKE 'request:%' OR a.subject LIKE 'objection:%'
		   OR a.subject LIKE 'revision:%'
		   OR (a.subject LIKE 'entry:%' AND a.action IN ('publish', 'retire'))
		ORDER BY a.subject, a.seq DESC),
	open_objection AS (
		SELECT DISTINCT o.entry_code FROM objection o
		WHERE o.state IN ('verifying', 'corrected', 'upheld')
		   OR (o.state = 'closed' AND EXISTS (SELECT 1 FROM revision r WHERE r.id = o.revision
		                                      AND r.state IN ('draft', 'submitted', 'returned'))))
	SELECT x.subject, x.message FROM (
		SELECT 'request:' || r.id AS subject,
		       format('request %s is %s, but its last audit event says %s', r.id, r.state,
		              coalesce(l.to_state, 'nothing (it has none)')) AS message
		FROM request r LEFT JOIN last l ON l.subject = 'request:' || r.id
		WHERE l.to_state IS DISTINCT FROM r.state
		UNION ALL
		SELECT 'objection:' || o.id,
		       format('objection %s is %s, but its last audit event says %s', o.id, o.state,
		              coalesce(l.to_state, 'nothing (it has none)'))
		FROM objection o LEFT JOIN last l ON l.subject = 'objection:' || o.id
		WHERE l.to_state IS DISTINCT FROM o.state
		UNION ALL
		SELECT 'revision:' || r.id,
		       format('revision %s is %s, but its last audit event says %s', r.id, r.state,
		              coalesce(l.to_state, 'nothing (it has none)'))
		FROM revision r LEFT JOIN last l ON l.subject = 'revision:' || r.id
		WHERE l.to_state IS DISTINCT FROM r.state
		UNION ALL
		SELECT 'entry:' || e.code,
		       format('entry %s is %s, but its last audit event says %s', e.code, e.status,
		              coalesce(l.to_state, 'nothing (it has none)'))
		FROM last l JOIN entry e ON l.subject = 'entry:' || e.code
		WHERE l.to_state IS DISTINCT FROM e.status
		UNION ALL
		SELECT 'entry:' || e.code,
		       format('entry %s is marked disputed, but none of its objections is open', e.code)
		FROM entry e
		WHERE e.disputed AND NOT EXISTS (SELECT 1 FROM open_objection x WHERE x.entry_code = e.code)
		UNION ALL
		SELECT 'entry:' || e.code,
		       format('entry %s is not marked disputed, but an objection on it is open', e.code)
		FROM open_objection x JOIN entry e ON e.code = x.entry_code
		WHERE NOT e.disputed) x
	ORDER BY x.subject
$$;
