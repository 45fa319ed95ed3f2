-- govdx_request_create(actor, entry_code, purpose, legal_basis, items,
-- from, to): files a request as actor (its department is the requester) and
-- returns the new id. unconditional → approved by "system" at once; none →
-- GX422 sharing_refused (nothing written); conditional → pending with the
-- provider platform's reply deadline.
--
-- Invariants: the HTTP layer never writes request itself. Blank means
-- govdx_blank (whitespace of any locale). The usage period starts today or
-- later (Beijing's date, one day of grace) and lasts at most five years;
-- only new requests are held to it (a resubmit keeps its period, the seed
-- inserts backdated rows directly). One audit event (submit) and a NOTIFY.

CREATE OR REPLACE FUNCTION govdx_request_create(p_actor text, p_entry_code text, p_purpose text,
                                                p_legal_basis text, p_items text[], p_from date, p_to date)
	RETURNS text LANGUAGE plpgsql AS $$
DECLARE
	me record;
	e record;
	known text[];
	bad text;
	new_id text;
	new_state text;
	seq bigint;
BEGIN
	SELECT * INTO me FROM govdx_actor(p_actor);
	IF me.role NOT IN ('official', 'approver') THEN
		PERFORM govdx_request_raise('403', 'forbidden',
			format('a user of role %s does not file sharing requests (officials and approvers do)', me.role), NULL);
	END IF;
	IF govdx_blank(p_purpose) OR char_length(p_purpose) > 2000 THEN
		PERFORM govdx_request_raise('400', 'invalid_parameter',
			'purpose must be 1 to 2000 characters, not blank', '{"parameter":"purpose"}');
	END IF;
	IF govdx_blank(p_legal_basis) OR char_length(p_legal_basis) > 2000 THEN
		PERFORM govdx_request_raise('400', 'invalid_parameter',
			'legal_basis must be 1 to 2000 characters, not blank', '{"parameter":"legal_basis"}');
	END IF;
	IF p_items IS NULL OR cardinality(p_items) = 0 OR cardinality(p_items) > 200 THEN
		PERFORM govdx_request_raise('400', 'invalid_parameter',
			'items must list 1 to 200 information items of the entry', '{"parameter":"items"}');
	END IF;
	IF p_from IS NULL OR p_to IS NULL OR p_from > p_to THEN
		PERFORM govdx_request_raise('400', 'invalid_parameter',
			'period needs from and to, with from no later than to', '{"parameter":"period"}');
	END IF;
	-- Not in the past: from today in Beijing, or yesterday, for a client
	-- whose own date is still yesterday (every time zone is at most one day
	-- behind Beijing); and at most five years long.
	IF p_from < govdx_today() - 1 THEN
		PERFORM govdx_request_raise('400', 'invalid_parameter',
			format('the usage period cannot start in the past (period.from must be %s or later)',
			       govdx_today() - 1),
			'{"parameter":"period.from"}');
	END IF;
	IF p_to > (p_from + interval '5 years')::date THEN
		PERFORM govdx_request_raise('400', 'invalid_parameter',
			format('the usage period is at most 5 years (period.to must be %s or earlier)',
			       (p_from + interval '5 years')::date),
			'{"parameter":"period.to"}');
	END IF;

	SELECT x.code, x.name, x.department_code, x.sharing_type, x.basis, t.items AS template_items,
	       x.status
	INTO e
	FROM entry x JOIN resource_template t ON t.id = x.template_id
	WHERE x.code = p_entry_code;
	IF NOT FOUND THEN
		PERFORM govdx_request_raise('404', 'not_found',
			format('there is no catalog entry %s', p_entry_code), '{"parameter":"entry_code"}');
	END IF;
	IF e.status = 'retired' THEN
		PERFORM govdx_request_raise('409', 'entry_retired',
			format('%s %s is retired (下架): no new requests', e.code, e.name),
			jsonb_build_object('entry_code', e.code));
	END IF;
	IF e.sharing_type = 'none' THEN
		PERFORM govdx_request_raise('422', 'sharing_refused',
			format('%s %s is not shared (不予共享): %s', e.code, e.name, e.basis),
			jsonb_build_object('basis', e.basis));
	END IF;
	IF e.department_code = me.department_code THEN
		PERFORM govdx_request_raise('400', 'invalid_parameter',
			'a department does not request its own data', '{"parameter":"entry_code"}');
	END IF;
	SELECT array_agg(i ->> 'name') INTO known FROM jsonb_array_elements(e.template_items) i;
	SELECT x INTO bad FROM unnest(p_items) x WHERE x IS NULL OR NOT x = ANY (known) LIMIT 1;
	IF FOUND THEN
		PERFORM govdx_request_raise('400', 'invalid_parameter',
			format('"%s" is not an information item of %s', coalesce(bad, 'null'), e.code),
			jsonb_build_object('parameter', 'items', 'item', bad));
	END IF;
	SELECT x INTO bad FROM unnest(p_items) x GROUP BY x HAVING count(*) > 1 LIMIT 1;
	IF FOUND THEN
		PERFORM govdx_request_raise('400', 'invalid_parameter',
			format('"%s" is listed twice in items', bad),
			jsonb_build_object('parameter', 'items', 'item', bad));
	END IF;

	new_state := CASE e.sharing_type WHEN 'unconditional' THEN 'approved' ELSE 'pending' END;
	INSERT INTO request (state, entry_code, provider_department, requester_department, requester_user,
	                     purpose, legal_basis, items, period_from, period_to, deadline,
	                     decided_by, decided_at)
	VALUES (new_state, e.code, e.department_code, me.department_code, p_actor,
	        p_purpose, p_legal_basis, p_items, p_from, p_to,
	        CASE WHEN new_state = 'pending'
	             THEN govdx_add_working_days(govdx_today(),
	                                         govdx_setting(left(e.department_code, 6), 'reply_days')) END,
	        CASE WHEN new_state = 'approved' THEN 'system' END,
	        CASE WHEN new_state = 'approved' THEN now() END)
	RETURNING id INTO new_id;
	seq := govdx_audit_append(p_actor, 'submit', 'request:' || new_id, NULL, new_state, NULL);
	PERFORM pg_notify('govdx_events', seq::text);
	RETURN new_id;
END $$;
