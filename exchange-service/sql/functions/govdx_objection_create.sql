-- govdx_objection_create(actor, entry_code, item, record_key, kind,
-- description, evidence): raises an objection as actor (its department is
-- the raiser) and returns the new id.
--
-- Invariants: blank optional texts (govdx_blank) count as absent; creates
-- take no entry lock and change no disputed mark (a raised objection does
-- not mark its entry). One audit event (raise) and a NOTIFY.

CREATE OR REPLACE FUNCTION govdx_objection_create(p_actor text, p_entry_code text, p_item text,
                                                  p_record_key text, p_kind text, p_description text,
                                                  p_evidence text)
	RETURNS text LANGUAGE plpgsql AS $$
DECLARE
	me record;
	e record;
	new_id text;
	seq bigint;
BEGIN
	SELECT * INTO me FROM govdx_actor(p_actor);
	IF me.role = 'admin' THEN
		PERFORM govdx_request_raise('403', 'forbidden',
			'an admin does not raise objections (any other user may)', NULL);
	END IF;
	IF p_kind IS NULL OR p_kind NOT IN ('incorrect', 'incomplete', 'outdated', 'inconsistent', 'other') THEN
		PERFORM govdx_request_raise('400', 'invalid_parameter',
			'kind must be incorrect, incomplete, outdated, inconsistent or other', '{"parameter":"kind"}');
	END IF;
	IF govdx_blank(p_description) OR char_length(p_description) > 4000 THEN
		PERFORM govdx_request_raise('400', 'invalid_parameter',
			'description must be 1 to 4000 characters, not blank', '{"parameter":"description"}');
	END IF;
	IF char_length(p_evidence) > 4000 THEN
		PERFORM govdx_request_raise('400', 'invalid_parameter',
			'evidence is at most 4000 characters', '{"parameter":"evidence"}');
	END IF;
	IF char_length(p_record_key) > 200 THEN
		PERFORM govdx_request_raise('400', 'invalid_parameter',
			'record_key is at most 200 characters', '{"parameter":"record_key"}');
	END IF;

	SELECT x.code, x.name, x.department_code, t.items AS template_items
	INTO e
	FROM entry x JOIN resource_template t ON t.id = x.template_id
	WHERE x.code = p_entry_code;
	IF NOT FOUND THEN
		PERFORM govdx_request_raise('404', 'not_found',
			format('there is no catalog entry %s', p_entry_code), '{"parameter":"entry_code"}');
	END IF;
	IF p_item IS NOT NULL AND NOT EXISTS (SELECT 1 FROM jsonb_array_elements(e.template_items) i
	                                      WHERE i ->> 'name' = p_item) THEN
		PERFORM govdx_request_raise('400', 'invalid_parameter',
			format('"%s" is not an information item of %s', p_item, e.code),
			jsonb_build_object('parameter', 'item', 'item', p_item));
	END IF;

	INSERT INTO objection (state, entry_code, item, record_key, kind, description, evidence,
	                       provider_department, raiser_department, raiser_user)
	VALUES ('raised', e.code, p_item, CASE WHEN NOT govdx_blank(p_record_key) THEN p_record_key END, p_kind, p_description,
	        CASE WHEN NOT govdx_blank(p_evidence) THEN p_evidence END,
	        e.department_code, me.department_code, p_actor)
	RETURNING id INTO new_id;
	seq := govdx_audit_append(p_actor, 'raise', 'objection:' || new_id, NULL, 'raised', NULL);
	PERFORM pg_notify('govdx_events', seq::text);
	RETURN new_id;
END $$;
