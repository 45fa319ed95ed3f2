-- objection_event (view): the events stream of objections, each audit event
-- with the providing and raising departments.
--
-- Invariant: its columns only grow at the end, as request_event's.

CREATE OR REPLACE VIEW objection_event AS
	SELECT a.seq, a.at, 'objection'::text AS kind, o.id, a.action, a.to_state AS state,
	       o.provider_department, o.raiser_department
	FROM audit_event a JOIN objection o ON o.id = substr(a.subject, 11)
	WHERE a.subject LIKE 'objection:%';
