-- revision_event (view): the events stream of revisions (catalog
-- maintenance) — each audit event of a revision (create, edit, submit,
-- withdraw, publish, return), with its department on both sides: its own
-- users and the helpdesk, authority and admin users over it see it, as
-- they see the revision (govdx_sees), so a review queue and an open
-- revision follow live.
--
-- Invariant: its columns only grow at the end, as request_event's.

CREATE OR REPLACE VIEW revision_event AS
	SELECT a.seq, a.at, 'revision'::text AS kind, r.id, a.action, a.to_state AS state,
	       r.department_code
	FROM audit_event a JOIN revision r ON r.id = substr(a.subject, 10)
	WHERE a.subject LIKE 'revision:%';
