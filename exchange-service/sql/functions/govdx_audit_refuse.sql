-- govdx_audit_refuse(): the triggers that keep audit_event append-only.
--
-- Invariant: UPDATE, DELETE and TRUNCATE of audit_event fail with GX403
-- forbidden; only govdx_audit_append_at writes events.

CREATE OR REPLACE FUNCTION govdx_audit_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	RAISE EXCEPTION 'audit_event is append-only: % is not allowed on audit events', TG_OP
		USING ERRCODE = 'GX403', HINT = 'forbidden';
END $$;

CREATE OR REPLACE TRIGGER audit_event_no_update BEFORE UPDATE OR DELETE ON audit_event
	FOR EACH ROW EXECUTE FUNCTION govdx_audit_refuse();

CREATE OR REPLACE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON audit_event
	FOR EACH STATEMENT EXECUTE FUNCTION govdx_audit_refuse();
