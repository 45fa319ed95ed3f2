-- workflow_event (view): both workflows' events with the two departments
-- each involves (side_a, side_b), for the visibility test of GET /v1/events
-- (govdx_sees).

CREATE OR REPLACE VIEW workflow_event AS
	SELECT seq, at, kind, id, action, state,
	       provider_department AS side_a, requester_department AS side_b
	FROM request_event
	UNION ALL
	SELECT seq, at, kind, id, action, state, provider_department, raiser_department
	FROM objection_event;
