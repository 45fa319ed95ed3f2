-- entry_event (view): the events stream of catalog entries — each publish
-- (entry_revised, a new entry's first publication included) and retire
-- (entry_retired) audit event of an entry, with its department and
-- "readers": the departments that hold an approved request on the entry
-- (they are told too, though they may not see the entry's cases).
--
-- Invariant: its columns only grow at the end, as request_event's.

CREATE OR REPLACE VIEW entry_event AS
	SELECT a.seq, a.at, 'entry'::text AS kind, e.code AS id,
	       CASE a.action WHEN 'retire' THEN 'entry_retired' ELSE 'entry_revised' END AS action,
	       a.to_state AS state, e.department_code,
	       ARRAY(SELECT DISTINCT r.requester_department FROM request r
	             WHERE r.entry_code = e.code AND r.state = 'approved') AS readers
	FROM audit_event a JOIN entry e ON e.code = substr(a.subject, 7)
	WHERE a.subject LIKE 'entry:%' AND a.action IN ('publish', 'retire');
