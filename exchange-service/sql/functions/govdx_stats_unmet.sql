-- govdx_stats_unmet(actor, platform, from, to, limit): the unmet demand of
-- GET /v1/stats/unmet as its JSON answer (docs/api/openapi.yaml).
--
-- Invariants:
-- - Scope and period as govdx_stats. A platform scope reads the searches of
--   the platforms of its subtree; a department scope those of its own
--   platform, without another department's (search_miss records the
--   department a search named).
-- - not_held: refused spans (request_span) of ground not_held ended in the
--   period, per entry of the scope.

CREATE OR REPLACE FUNCTION govdx_stats_unmet(p_actor text, p_platform text, p_from date, p_to date,
                                             p_limit integer) RETURNS jsonb
	LANGUAGE plpgsql STABLE SET jit = off AS $$
DECLARE
	sc record;
	pd record;
	searches jsonb;
	held jsonb;
	ns bigint;
	nh bigint;
BEGIN
	SELECT * INTO sc FROM govdx_stats_scope(p_actor, p_platform);
	SELECT * INTO pd FROM govdx_stats_period(p_from, p_to);

	SELECT count(*), jsonb_agg(jsonb_build_object('query', x.query, 'count', x.n,
	                                              'last_searched', x.last) ORDER BY x.ord)
	                 FILTER (WHERE x.ord <= p_limit)
	INTO ns, searches
	FROM (SELECT m.query, sum(m.count) AS n, max(m.day) AS last,
	             row_number() OVER (ORDER BY sum(m.count) DESC, m.query) AS ord
	      FROM search_miss m
	      WHERE m.day BETWEEN pd.f AND pd.t
	        AND CASE WHEN sc.kind = 'department'
	                 THEN m.platform_code = sc.platform_code AND m.department_code IN ('', sc.department_code)
	                 ELSE m.platform_code >= sc.prefix AND m.platform_code < sc.hi END
	      GROUP BY m.query) x;

	SELECT count(*), jsonb_agg(jsonb_build_object('entry_code', x.entry_code, 'entry_name', e.name,
	                                              'department_code', e.department_code,
	                                              'department_name', d.name, 'refused', x.n)
	                           ORDER BY x.ord) FILTER (WHERE x.ord <= p_limit)
	INTO nh, held
	FROM (SELECT s.entry_code, count(*) AS n,
	             row_number() OVER (ORDER BY count(*) DESC, s.entry_code) AS ord
	      FROM request_span s
	      WHERE s.provider_department >= sc.prefix AND s.provider_department < sc.hi
	        AND s.ended_on BETWEEN pd.f AND pd.t AND s.outcome = 'refused' AND s.ground = 'not_held'
	      GROUP BY s.entry_code) x
	JOIN entry e ON e.code = x.entry_code JOIN department d ON d.code = e.department_code;

	RETURN jsonb_build_object(
		'scope', jsonb_build_object('kind', sc.kind, 'platform_code', sc.platform_code,
		                            'platform_name', sc.platform_name,
		                            'department_code', sc.department_code,
		                            'department_name', sc.department_name),
		'from', pd.f, 'to', pd.t,
		'searches', coalesce(searches, '[]'), 'not_held', coalesce(held, '[]'),
		'truncated', ns > p_limit OR nh > p_limit);
END $$;

-- govdx_stats_answer(what, actor, platform, from, to, by, sort, limit): the
-- answer of GET /v1/stats (what 'stats') or /v1/stats/unmet ('unmet') for
-- the HTTP layer, which reads through plain statements: a refusal (GXnnn)
-- comes back as {"error":{"status","code","message","details"}} instead of
-- an error; any other failure is raised as it is.
CREATE OR REPLACE FUNCTION govdx_stats_answer(p_what text, p_actor text, p_platform text, p_from date,
                                              p_to date, p_by text, p_sort text, p_limit integer)
	RETURNS jsonb LANGUAGE plpgsql STABLE SET jit = off AS $$
DECLARE
	st text;
	msg text;
	hint text;
	det text;
BEGIN
	IF p_what = 'unmet' THEN
		RETURN govdx_stats_unmet(p_actor, p_platform, p_from, p_to, p_limit);
	END IF;
	RETURN govdx_stats(p_actor, p_platform, p_from, p_to, p_by, p_sort, p_limit);
EXCEPTION WHEN OTHERS THEN
	GET STACKED DIAGNOSTICS st = RETURNED_SQLSTATE, msg = MESSAGE_TEXT, hint = PG_EXCEPTION_HINT,
	                        det = PG_EXCEPTION_DETAIL;
	IF st !~ '^GX4[0-9][0-9]$' THEN
		RAISE;
	END IF;
	RETURN jsonb_build_object('error', jsonb_build_object(
		'status', substr(st, 3)::integer, 'code', hint, 'message', msg,
		'details', CASE WHEN det IS NULL OR det = '' THEN '{}'::jsonb ELSE det::jsonb END));
END $$;
