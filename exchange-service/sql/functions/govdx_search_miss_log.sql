-- govdx_search_miss_log(platform, department, q, keep_days): counts one
-- search of the entries by name that found nothing (search_miss, migration
-- 019), and purges the days past retention.
--
-- Invariants:
-- - The query is normalised: trimmed, inner white space collapsed to one
--   space, ASCII letters lowercased (other letters are left as typed). No
--   user is recorded.
-- - keep_days <= 0 records nothing. The purge runs when a row is first
--   written (a new query of the day), an index range on day: cheap, and
--   at most once per new row rather than per search.

CREATE OR REPLACE FUNCTION govdx_search_normalise(p_q text) RETURNS text
	LANGUAGE sql IMMUTABLE PARALLEL SAFE
	RETURN translate(regexp_replace(btrim(p_q, E' \t\r\n\f\v\u3000'), E'[\\s\u3000]+', ' ', 'g'),
	                 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz');

CREATE OR REPLACE FUNCTION govdx_search_miss_log(p_platform text, p_department text, p_q text,
                                                 p_keep integer) RETURNS void
	LANGUAGE plpgsql AS $$
DECLARE
	norm text := govdx_search_normalise(p_q);
	today date := govdx_today();
	fresh boolean;
BEGIN
	IF p_keep IS NULL OR p_keep <= 0 OR norm IS NULL OR norm = '' OR char_length(norm) > 100 THEN
		RETURN;
	END IF;
	INSERT INTO search_miss (day, platform_code, department_code, query, count)
	VALUES (today, coalesce(p_platform, '000000'), coalesce(p_department, ''), norm, 1)
	ON CONFLICT (platform_code, day, department_code, query)
	DO UPDATE SET count = search_miss.count + 1
	RETURNING xmax = 0 INTO fresh;
	IF fresh THEN
		DELETE FROM search_miss WHERE day <= today - p_keep;
	END IF;
END $$;
