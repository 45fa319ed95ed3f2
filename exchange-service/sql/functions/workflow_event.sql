-- workflow_event (view): the workflows' events (requests, objections,
-- revisions, and the publications and retirements of entries) with the two departments
-- each involves (side_a, side_b), for the visibility test of GET
-- /v1/events (govdx_sees), and readers: more departments that see it
-- (entry events: those with an approved request on the entry; NULL for
-- the others).
--
-- Invariant: its columns only grow at the end.

CREATE OR REPLACE VIEW workflow_event AS
	SELECT seq, at, kind, id, action, state,
	       provider_department AS side_a, requester_department AS side_b,
	       NULL::text[] AS readers
	FROM request_event
	UNION ALL
	SELECT seq, at, kind, id, action, state, provider_department, raiser_department, NULL::text[]
	FROM objection_event
	UNION ALL
	SELECT seq, at, kind, id, action, state, department_code, department_code, readers
	FROM entry_event
	UNION ALL
	SELECT seq, at, kind, id, action, state, department_code, department_code, NULL::text[]
	FROM revision_event;
