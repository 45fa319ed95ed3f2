-- govdx_revision_fields(fields, entry_code): checks the fields a create or
-- an edit gives (a partial RevisionFields object) and returns them
-- normalized (texts trimmed of nothing, items each with name, data_type,
-- length and shared; null values kept: they clear a field).
--
-- Invariants:
-- - Shape (not an object, an unknown field, a value of the wrong JSON
--   type) is 400 invalid_parameter, value rules are 422 invalid_parameter;
--   both name the field as details.parameter, "fields.<name>" (an item:
--   "fields.items[<i>].<key>", i from 0; a related code
--   "fields.related[<i>]").
-- - Rules between fields and completeness are govdx_revision_missing's
--   (at submit), not checked here: a draft may be partial.
-- - For a revision of a published entry (entry_code not NULL), the
--   classification's 类-项-目 must be the one its code carries.

CREATE OR REPLACE FUNCTION govdx_revision_fields(p_fields jsonb, p_entry_code text)
	RETURNS jsonb LANGUAGE plpgsql STABLE AS $$
DECLARE
	k text;
	v jsonb;
	out jsonb := '{}'::jsonb;
	item jsonb;
	items jsonb;
	i integer;
	p text;
	txt_max jsonb := '{"name":200,"abstract":4000,"format":200,"sharing_condition":2000,
	                   "basis":2000,"open_condition":2000}';
	enums jsonb := '{"sharing_type":["unconditional","conditional","none"],
	                 "sharing_method":["api","file","database"],
	                 "open_attribute":["open","conditional","closed"],
	                 "update_cycle":["实时","每日","每周","每月","每季度","每半年","每年","其他"]}';
	data_types text[] := '{字符型C,数值型N,货币型Y,日期型D,日期时间型T,逻辑型L,备注型M,通用型G,双精度型B,整型I,浮点型F}';
BEGIN
	IF p_fields IS NULL OR jsonb_typeof(p_fields) = 'null' THEN
		RETURN '{}'::jsonb;
	END IF;
	IF jsonb_typeof(p_fields) <> 'object' THEN
		PERFORM govdx_request_raise('400', 'invalid_parameter', 'fields must be an object',
		                            '{"parameter":"fields"}');
	END IF;
	FOR k, v IN SELECT * FROM jsonb_each(p_fields) ORDER BY 1 LOOP
		p := 'fields.' || k;
		IF k NOT IN ('name', 'classification', 'abstract', 'format', 'items', 'sharing_type',
		             'sharing_condition', 'sharing_method', 'basis', 'open_attribute',
		             'open_condition', 'update_cycle', 'related') THEN
			PERFORM govdx_request_raise('400', 'invalid_parameter',
				format('unknown field "%s"', p), jsonb_build_object('parameter', p));
		END IF;
		IF jsonb_typeof(v) = 'null' THEN
			out := out || jsonb_build_object(k, v);
			CONTINUE;
		END IF;
		IF k IN ('items', 'related') THEN
			IF jsonb_typeof(v) <> 'array' THEN
				PERFORM govdx_request_raise('400', 'invalid_parameter',
					format('%s must be an array', p), jsonb_build_object('parameter', p));
			END IF;
		ELSIF jsonb_typeof(v) <> 'string' THEN
			PERFORM govdx_request_raise('400', 'invalid_parameter',
				format('%s must be a string', p), jsonb_build_object('parameter', p));
		END IF;

		IF txt_max ? k THEN
			IF govdx_blank(v #>> '{}') THEN
				PERFORM govdx_request_raise('422', 'invalid_parameter',
					format('%s must not be blank (null clears it)', p),
					jsonb_build_object('parameter', p));
			END IF;
			IF char_length(v #>> '{}') > (txt_max ->> k)::integer THEN
				PERFORM govdx_request_raise('422', 'invalid_parameter',
					format('%s must be at most %s characters', p, txt_max ->> k),
					jsonb_build_object('parameter', p, 'max_length', (txt_max ->> k)::integer));
			END IF;
		ELSIF enums ? k THEN
			IF NOT (enums -> k) ? (v #>> '{}') THEN
				PERFORM govdx_request_raise('422', 'invalid_parameter',
					format('%s must be one of %s', p,
					       (SELECT string_agg(x, ', ') FROM jsonb_array_elements_text(enums -> k) x)),
					jsonb_build_object('parameter', p));
			END IF;
		ELSIF k = 'classification' THEN
			IF NOT (v #>> '{}') ~ '^[1-3]-[0-9]{2}-[0-9]{3}-[0-9]{2}$' THEN
				PERFORM govdx_request_raise('422', 'invalid_parameter',
					format('%s must read 类-项-目-细目, like 3-10-102-01', p),
					jsonb_build_object('parameter', p));
			END IF;
			IF p_entry_code IS NOT NULL
			   AND translate(left(v #>> '{}', 8), '-', '') <> substr(p_entry_code, 11, 6) THEN
				PERFORM govdx_request_raise('422', 'invalid_parameter',
					format('the 类-项-目 of %s is in its code (%s): only the 细目 may change; '
					       'register a new entry for another classification',
					       p_entry_code, substr(p_entry_code, 11, 6)),
					jsonb_build_object('parameter', p));
			END IF;
		ELSIF k = 'items' THEN
			IF jsonb_array_length(v) < 1 OR jsonb_array_length(v) > 500 THEN
				PERFORM govdx_request_raise('422', 'invalid_parameter',
					format('%s must hold 1 to 500 items', p), jsonb_build_object('parameter', p));
			END IF;
			items := '[]'::jsonb;
			FOR i IN 0 .. jsonb_array_length(v) - 1 LOOP
				item := v -> i;
				p := format('fields.items[%s]', i);
				IF jsonb_typeof(item) <> 'object' THEN
					PERFORM govdx_request_raise('400', 'invalid_parameter',
						format('%s must be an object', p), jsonb_build_object('parameter', p));
				END IF;
				IF EXISTS (SELECT 1 FROM jsonb_object_keys(item) x
				           WHERE x NOT IN ('name', 'data_type', 'length', 'shared')) THEN
					p := p || '.' || (SELECT x FROM jsonb_object_keys(item) x
					                  WHERE x NOT IN ('name', 'data_type', 'length', 'shared') LIMIT 1);
					PERFORM govdx_request_raise('400', 'invalid_parameter',
						format('unknown field "%s"', p), jsonb_build_object('parameter', p));
				END IF;
				IF jsonb_typeof(item -> 'name') IS DISTINCT FROM 'string' THEN
					PERFORM govdx_request_raise(CASE WHEN item ? 'name' THEN '400' ELSE '422' END,
						'invalid_parameter', format('%s.name must be a string', p),
						jsonb_build_object('parameter', p || '.name'));
				END IF;
				IF govdx_blank(item ->> 'name') OR char_length(item ->> 'name') > 200 THEN
					PERFORM govdx_request_raise('422', 'invalid_parameter',
						format('%s.name must be 1 to 200 characters, not blank', p),
						jsonb_build_object('parameter', p || '.name'));
				END IF;
				IF items @> jsonb_build_array(jsonb_build_object('name', item -> 'name')) THEN
					PERFORM govdx_request_raise('422', 'invalid_parameter',
						format('%s.name: "%s" is listed twice', p, item ->> 'name'),
						jsonb_build_object('parameter', p || '.name', 'item', item ->> 'name'));
				END IF;
				IF jsonb_typeof(item -> 'data_type') IS DISTINCT FROM 'string' THEN
					PERFORM govdx_request_raise(CASE WHEN item ? 'data_type' THEN '400' ELSE '422' END,
						'invalid_parameter', format('%s.data_type must be a string', p),
						jsonb_build_object('parameter', p || '.data_type'));
				END IF;
				IF NOT (item ->> 'data_type') = ANY (data_types) THEN
					PERFORM govdx_request_raise('422', 'invalid_parameter',
						format('%s.data_type must be one of %s', p, array_to_string(data_types, ', ')),
						jsonb_build_object('parameter', p || '.data_type'));
				END IF;
				IF item ? 'length' AND jsonb_typeof(item -> 'length') NOT IN ('number', 'null') THEN
					PERFORM govdx_request_raise('400', 'invalid_parameter',
						format('%s.length must be a number or null', p),
						jsonb_build_object('parameter', p || '.length'));
				END IF;
				IF jsonb_typeof(item -> 'length') = 'number'
				   AND ((item -> 'length')::numeric <> trunc((item -> 'length')::numeric)
				        OR (item -> 'length')::numeric NOT BETWEEN 1 AND 100000) THEN
					PERFORM govdx_request_raise('422', 'invalid_parameter',
						format('%s.length must be a whole number from 1 to 100000', p),
						jsonb_build_object('parameter', p || '.length'));
				END IF;
				IF item ? 'shared' AND jsonb_typeof(item -> 'shared') <> 'boolean' THEN
					PERFORM govdx_request_raise('400', 'invalid_parameter',
						format('%s.shared must be true or false', p),
						jsonb_build_object('parameter', p || '.shared'));
				END IF;
				items := items || jsonb_build_array(jsonb_build_object(
					'name', item -> 'name', 'data_type', item -> 'data_type',
					'length', coalesce(item -> 'length', 'null'::jsonb),
					'shared', coalesce(item -> 'shared', 'true'::jsonb)));
			END LOOP;
			v := items;
		ELSIF k = 'related' THEN
			IF jsonb_array_length(v) > 50 THEN
				PERFORM govdx_request_raise('422', 'invalid_parameter',
					format('%s holds at most 50 codes', p), jsonb_build_object('parameter', p));
			END IF;
			FOR i IN 0 .. jsonb_array_length(v) - 1 LOOP
				p := format('fields.related[%s]', i);
				IF jsonb_typeof(v -> i) <> 'string' THEN
					PERFORM govdx_request_raise('400', 'invalid_parameter',
						format('%s must be a string', p), jsonb_build_object('parameter', p));
				END IF;
				IF NOT EXISTS (SELECT 1 FROM entry e WHERE e.code = v ->> i) THEN
					PERFORM govdx_request_raise('422', 'invalid_parameter',
						format('%s: there is no catalog entry %s', p, v ->> i),
						jsonb_build_object('parameter', p));
				END IF;
				IF (SELECT count(*) FROM jsonb_array_elements_text(v) x WHERE x = v ->> i) > 1 THEN
					PERFORM govdx_request_raise('422', 'invalid_parameter',
						format('%s: %s is listed twice', p, v ->> i), jsonb_build_object('parameter', p));
				END IF;
			END LOOP;
		END IF;
		out := out || jsonb_build_object(k, v);
	END LOOP;
	RETURN out;
END $$;
