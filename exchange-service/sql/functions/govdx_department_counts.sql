-- govdx_department_counts(): the statement-level triggers on department that
-- keep platform_counts' department figures in step with the rows.
--
-- Invariant: a statement's changes are folded into one
-- govdx_apply_department_delta call.

CREATE OR REPLACE FUNCTION govdx_department_counts() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
	codes text[];
	ns bigint[];
BEGIN
	IF TG_OP = 'INSERT' THEN
		SELECT array_agg(k), array_agg(n) INTO codes, ns
		FROM (SELECT platform_code, count(*) FROM new_rows GROUP BY 1) s (k, n);
	ELSIF TG_OP = 'DELETE' THEN
		SELECT array_agg(k), array_agg(-n) INTO codes, ns
		FROM (SELECT platform_code, count(*) FROM old_rows GROUP BY 1) s (k, n);
	ELSE
		SELECT array_agg(k), array_agg(n) INTO codes, ns
		FROM (SELECT platform_code, count(*) FROM new_rows GROUP BY 1
		      UNION ALL
		      SELECT platform_code, -count(*) FROM old_rows GROUP BY 1) s (k, n);
	END IF;
	IF codes IS NOT NULL THEN
		PERFORM govdx_apply_department_delta(codes, ns);
	END IF;
	RETURN NULL;
END $$;

CREATE OR REPLACE TRIGGER department_counts_ins AFTER INSERT ON department REFERENCING NEW TABLE AS new_rows
	FOR EACH STATEMENT EXECUTE FUNCTION govdx_department_counts();

CREATE OR REPLACE TRIGGER department_counts_del AFTER DELETE ON department REFERENCING OLD TABLE AS old_rows
	FOR EACH STATEMENT EXECUTE FUNCTION govdx_department_counts();

CREATE OR REPLACE TRIGGER department_counts_upd AFTER UPDATE ON department
	REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
	FOR EACH STATEMENT EXECUTE FUNCTION govdx_department_counts();
