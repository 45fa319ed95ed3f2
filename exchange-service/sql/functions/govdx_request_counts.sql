-- govdx_request_counts (statement triggers on request): keeps request_day
-- and request_open (migration 019) from the rows a statement inserted,
-- deleted or changed.
--
-- Invariants:
-- - One upsert per table per statement, of the statement's net change per
--   key, in key order (two transactions touching the same keys lock them in
--   the same order); keys whose count falls to 0 are deleted.
-- - request_day counts by the China day of created_at; request_open counts
--   the rows in state pending or coordinating (which always have a deadline).

-- Applies net changes (department, day, entry, k) and (department,
-- deadline, k), JSON arrays of rows, to the two tables.
CREATE OR REPLACE FUNCTION govdx_apply_request_counts(p_days jsonb, p_open jsonb) RETURNS void
	LANGUAGE plpgsql AS $$
BEGIN
	IF jsonb_array_length(p_days) > 0 THEN
		INSERT INTO request_day AS t (provider_department, day, entry_code, n)
		SELECT x.d, x.day, x.e, x.k
		FROM jsonb_to_recordset(p_days) AS x (d text, day date, e text, k integer)
		ORDER BY 1, 2, 3
		ON CONFLICT (provider_department, day, entry_code) DO UPDATE SET n = t.n + excluded.n;
		DELETE FROM request_day t
		USING jsonb_to_recordset(p_days) AS x (d text, day date, e text, k integer)
		WHERE t.provider_department = x.d AND t.day = x.day AND t.entry_code = x.e AND t.n = 0;
	END IF;
	IF jsonb_array_length(p_open) > 0 THEN
		INSERT INTO request_open AS t (provider_department, deadline, n)
		SELECT x.d, x.deadline, x.k
		FROM jsonb_to_recordset(p_open) AS x (d text, deadline date, k integer)
		ORDER BY 1, 2
		ON CONFLICT (provider_department, deadline) DO UPDATE SET n = t.n + excluded.n;
		DELETE FROM request_open t
		USING jsonb_to_recordset(p_open) AS x (d text, deadline date, k integer)
		WHERE t.provider_department = x.d AND t.deadline = x.deadline AND t.n = 0;
	END IF;
END $$;

CREATE OR REPLACE FUNCTION govdx_request_counts() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
	days jsonb;
	open_ jsonb;
BEGIN
	IF TG_OP = 'INSERT' THEN
		SELECT coalesce(jsonb_agg(jsonb_build_object('d', d, 'day', day, 'e', e, 'k', k)), '[]') INTO days
		FROM (SELECT r.provider_department, (r.created_at AT TIME ZONE 'Asia/Shanghai')::date, r.entry_code,
		             count(*)
		      FROM new_rows r GROUP BY 1, 2, 3) s (d, day, e, k);
		SELECT coalesce(jsonb_agg(jsonb_build_object('d', d, 'deadline', deadline, 'k', k)), '[]') INTO open_
		FROM (SELECT r.provider_department, r.deadline, count(*)
		      FROM new_rows r WHERE r.state IN ('pending', 'coordinating') GROUP BY 1, 2) s (d, deadline, k);
	ELSIF TG_OP = 'DELETE' THEN
		SELECT coalesce(jsonb_agg(jsonb_build_object('d', d, 'day', day, 'e', e, 'k', k)), '[]') INTO days
		FROM (SELECT r.provider_department, (r.created_at AT TIME ZONE 'Asia/Shanghai')::date, r.entry_code,
		             -count(*)
		      FROM old_rows r GROUP BY 1, 2, 3) s (d, day, e, k);
		SELECT coalesce(jsonb_agg(jsonb_build_object('d', d, 'deadline', deadline, 'k', k)), '[]') INTO open_
		FROM (SELECT r.provider_department, r.deadline, -count(*)
		      FROM old_rows r WHERE r.state IN ('pending', 'coordinating') GROUP BY 1, 2) s (d, deadline, k);
	ELSE
		SELECT coalesce(jsonb_agg(jsonb_build_object('d', d, 'day', day, 'e', e, 'k', k)), '[]') INTO days
		FROM (SELECT x.d, x.day, x.e, sum(x.k)::integer
		      FROM (SELECT r.provider_department, (r.created_at AT TIME ZONE 'Asia/Shanghai')::date,
		                   r.entry_code, 1 FROM new_rows r
		            UNION ALL
		            SELECT r.provider_department, (r.created_at AT TIME ZONE 'Asia/Shanghai')::date,
		                   r.entry_code, -1 FROM old_rows r) x (d, day, e, k)
		      GROUP BY 1, 2, 3 HAVING sum(x.k) <> 0) s (d, day, e, k);
		SELECT coalesce(jsonb_agg(jsonb_build_object('d', d, 'deadline', deadline, 'k', k)), '[]') INTO open_
		FROM (SELECT x.d, x.deadline, sum(x.k)::integer
		      FROM (SELECT r.provider_department, r.deadline, 1 FROM new_rows r
		            WHERE r.state IN ('pending', 'coordinating')
		            UNION ALL
		            SELECT r.provider_department, r.deadline, -1 FROM old_rows r
		            WHERE r.state IN ('pending', 'coordinating')) x (d, deadline, k)
		      GROUP BY 1, 2 HAVING sum(x.k) <> 0) s (d, deadline, k);
	END IF;
	PERFORM govdx_apply_request_counts(days, open_);
	RETURN NULL;
END $$;

CREATE OR REPLACE TRIGGER request_counts_ins AFTER INSERT ON request REFERENCING NEW TABLE AS new_rows
	FOR EACH STATEMENT EXECUTE FUNCTION govdx_request_counts();

CREATE OR REPLACE TRIGGER request_counts_del AFTER DELETE ON request REFERENCING OLD TABLE AS old_rows
	FOR EACH STATEMENT EXECUTE FUNCTION govdx_request_counts();

CREATE OR REPLACE TRIGGER request_counts_upd AFTER UPDATE ON request
	REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
	FOR EACH STATEMENT EXECUTE FUNCTION govdx_request_counts();
