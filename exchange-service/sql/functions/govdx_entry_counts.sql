-- govdx_entry_counts(): the statement-level triggers on entry that keep the
-- counts (department.entry_count, platform_counts) in step with the rows.
--
-- Invariant: a whole statement's inserted, deleted or moved entries are
-- folded into one govdx_apply_entry_delta call; nothing counts a province
-- at request time. A bulk load with the triggers off ends with govdx_recount.

CREATE OR REPLACE FUNCTION govdx_entry_counts() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
	codes text[];
	ns bigint[];
BEGIN
	IF TG_OP = 'INSERT' THEN
		SELECT array_agg(k), array_agg(n) INTO codes, ns
		FROM (SELECT department_code, count(*) FROM new_rows GROUP BY 1) s (k, n);
	ELSIF TG_OP = 'DELETE' THEN
		SELECT array_agg(k), array_agg(-n) INTO codes, ns
		FROM (SELECT department_code, count(*) FROM old_rows GROUP BY 1) s (k, n);
	ELSE
		SELECT array_agg(k), array_agg(n) INTO codes, ns
		FROM (SELECT department_code, count(*) FROM new_rows GROUP BY 1
		      UNION ALL
		      SELECT department_code, -count(*) FROM old_rows GROUP BY 1) s (k, n);
	END IF;
	IF codes IS NOT NULL THEN
		PERFORM govdx_apply_entry_delta(codes, ns);
	END IF;
	RETURN NULL;
END $$;

CREATE OR REPLACE TRIGGER entry_counts_ins AFTER INSERT ON entry REFERENCING NEW TABLE AS new_rows
	FOR EACH STATEMENT EXECUTE FUNCTION govdx_entry_counts();

CREATE OR REPLACE TRIGGER entry_counts_del AFTER DELETE ON entry REFERENCING OLD TABLE AS old_rows
	FOR EACH STATEMENT EXECUTE FUNCTION govdx_entry_counts();

CREATE OR REPLACE TRIGGER entry_counts_upd AFTER UPDATE ON entry
	REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
	FOR EACH STATEMENT EXECUTE FUNCTION govdx_entry_counts();
