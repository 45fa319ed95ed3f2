-- govdx_stats_scope(actor, platform): what the supervision figures of actor
-- cover, and the period they ask for (GET /v1/stats, /v1/stats/unmet).
--
-- Invariants:
-- - authority, admin: the subtree of platform (default their own); one
--   outside their own subtree is GX404, as an unknown one. approver,
--   helpdesk: their own department, platform ignored. official: GX403.
-- - prefix is what the codes of the scope's departments begin with (a
--   platform's subtree_prefix, or the department's code, codes being of
--   fixed length); hi is the exclusive end of that range (':' follows the
--   digits), so a scope is one index range.

CREATE OR REPLACE FUNCTION govdx_stats_scope(p_actor text, p_platform text,
	OUT kind text, OUT platform_code text, OUT platform_name text,
	OUT department_code text, OUT department_name text, OUT prefix text, OUT hi text)
	LANGUAGE plpgsql STABLE AS $$
DECLARE
	me record;
	p record;
BEGIN
	SELECT * INTO me FROM govdx_actor(p_actor);
	IF me.role IN ('approver', 'helpdesk') THEN
		SELECT 'department', x.code, x.name, d.code, d.name, d.code, d.code || ':'
		INTO kind, platform_code, platform_name, department_code, department_name, prefix, hi
		FROM department d JOIN platform x ON x.code = left(d.code, 6)
		WHERE d.code = me.department_code;
		RETURN;
	END IF;
	IF me.role NOT IN ('authority', 'admin') THEN
		PERFORM govdx_request_raise('403', 'forbidden',
			format('the figures are for data authorities, admins, approvers and helpdesks, not a user of role %s',
			       me.role), NULL);
	END IF;
	SELECT x.code, x.name, x.subtree_prefix INTO p
	FROM platform x WHERE x.code = coalesce(p_platform, me.platform_code);
	IF NOT FOUND OR NOT starts_with(p.code, me.subtree_prefix) THEN
		PERFORM govdx_request_raise('404', 'not_found',
			format('no platform %s in your jurisdiction', p_platform), '{"parameter":"platform"}');
	END IF;
	kind := 'platform';
	platform_code := p.code;
	platform_name := p.name;
	prefix := p.subtree_prefix;
	hi := p.subtree_prefix || ':';
END $$;

-- govdx_stats_period(from, to): the period asked for, defaults filled: to
-- today (China time), from to - 364 days. GX400 (details.parameter) when
-- from is after to or the period is longer than five years (1827 days).
CREATE OR REPLACE FUNCTION govdx_stats_period(p_from date, p_to date, OUT f date, OUT t date)
	LANGUAGE plpgsql STABLE AS $$
BEGIN
	t := coalesce(p_to, govdx_today());
	f := coalesce(p_from, t - 364);
	IF f > t THEN
		PERFORM govdx_request_raise('400', 'invalid_parameter',
			format('from (%s) is after to (%s)', f, t), '{"parameter":"from"}');
	END IF;
	IF t - f + 1 > 1827 THEN
		PERFORM govdx_request_raise('400', 'invalid_parameter',
			'the period from..to is at most five years (1827 days)', '{"parameter":"from"}');
	END IF;
END $$;
