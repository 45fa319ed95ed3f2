-- request_event (view): the events stream of requests — each audit event of
-- a request with both departments, for the visibility test (govdx_sees) of
-- GET /v1/events.
--
-- Invariant: its columns only grow at the end (CREATE OR REPLACE VIEW
-- cannot drop or reorder them; workflow_event reads them).

CREATE OR REPLACE VIEW request_event AS
	SELECT a.seq, a.at, 'request'::text AS kind, r.id, a.action, a.to_state AS state,
	       r.provider_department, r.requester_department
	FROM audit_event a JOIN request r ON r.id = substr(a.subject, 9)
	WHERE a.subject LIKE 'request:%';
