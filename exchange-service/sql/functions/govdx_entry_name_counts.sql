-- govdx_entry_name_counts(): the statement-level triggers on entry that keep
-- the name search's dictionary and counts (migration 015) in step with the
-- rows.
--
-- Invariant: a statement's inserted, deleted or changed entries are folded
-- into one govdx_apply_name_delta call. A bulk load with the triggers off
-- ends with govdx_rebuild_entry_names.

CREATE OR REPLACE FUNCTION govdx_entry_name_counts() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
	names text[];
	sharings text[];
	opens text[];
	ns bigint[];
BEGIN
	IF TG_OP = 'INSERT' THEN
		SELECT array_agg(a), array_agg(b), array_agg(c), array_agg(k)
		INTO names, sharings, opens, ns
		FROM (SELECT name, sharing_type, open_attribute, count(*) FROM new_rows
		      GROUP BY 1, 2, 3) s (a, b, c, k);
	ELSIF TG_OP = 'DELETE' THEN
		SELECT array_agg(a), array_agg(b), array_agg(c), array_agg(-k)
		INTO names, sharings, opens, ns
		FROM (SELECT name, sharing_type, open_attribute, count(*) FROM old_rows
		      GROUP BY 1, 2, 3) s (a, b, c, k);
	ELSE
		SELECT array_agg(a), array_agg(b), array_agg(c), array_agg(k)
		INTO names, sharings, opens, ns
		FROM (SELECT name, sharing_type, open_attribute, count(*) FROM new_rows GROUP BY 1, 2, 3
		      UNION ALL
		      SELECT name, sharing_type, open_attribute, -count(*) FROM old_rows GROUP BY 1, 2, 3)
		     s (a, b, c, k);
	END IF;
	IF names IS NOT NULL THEN
		PERFORM govdx_apply_name_delta(names, sharings, opens, ns);
	END IF;
	RETURN NULL;
END $$;

CREATE OR REPLACE TRIGGER entry_name_counts_ins AFTER INSERT ON entry REFERENCING NEW TABLE AS new_rows
	FOR EACH STATEMENT EXECUTE FUNCTION govdx_entry_name_counts();
CREATE OR REPLACE TRIGGER entry_name_counts_del AFTER DELETE ON entry REFERENCING OLD TABLE AS old_rows
	FOR EACH STATEMENT EXECUTE FUNCTION govdx_entry_name_counts();
CREATE OR REPLACE TRIGGER entry_name_counts_upd AFTER UPDATE ON entry
	REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
	FOR EACH STATEMENT EXECUTE FUNCTION govdx_entry_name_counts();
