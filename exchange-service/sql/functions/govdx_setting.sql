-- govdx_setting(platform, name): the deadline setting name (reply_days,
-- coordination_days, verify_days, reopen_days, review_days) of a platform:
-- its own, else its nearest ancestor's, else the default (10, 10, 5, 10, 5).
--
-- Invariant: an unknown name is GX400 invalid_parameter, never a default.

CREATE OR REPLACE FUNCTION govdx_setting(p_platform text, p_name text) RETURNS integer
	LANGUAGE plpgsql STABLE AS $$
DECLARE
	v integer;
BEGIN
	IF p_name NOT IN ('reply_days', 'coordination_days', 'verify_days', 'reopen_days',
	                  'review_days') THEN
		RAISE EXCEPTION 'unknown platform setting "%"', p_name
			USING ERRCODE = 'GX400', HINT = 'invalid_parameter',
			      DETAIL = json_build_object('parameter', p_name)::text;
	END IF;
	SELECT CASE p_name WHEN 'reply_days' THEN s.reply_days
	                   WHEN 'coordination_days' THEN s.coordination_days
	                   WHEN 'verify_days' THEN s.verify_days
	                   WHEN 'review_days' THEN s.review_days
	                   ELSE s.reopen_days END
	INTO v
	FROM platform_ancestor a
	JOIN platform p ON p.code = a.ancestor_code
	JOIN platform_setting s ON s.platform_code = a.ancestor_code
	WHERE a.platform_code = p_platform
	  AND CASE p_name WHEN 'reply_days' THEN s.reply_days
	                  WHEN 'coordination_days' THEN s.coordination_days
	                  WHEN 'verify_days' THEN s.verify_days
	                  WHEN 'review_days' THEN s.review_days
	                  ELSE s.reopen_days END IS NOT NULL
	ORDER BY char_length(p.subtree_prefix) DESC
	LIMIT 1;
	RETURN coalesce(v, CASE WHEN p_name IN ('verify_days', 'review_days') THEN 5 ELSE 10 END);
END $$;
