-- 009-input-rules: one meaning of "blank" for both workflows, and their
-- refusals' wording.
--
-- A required text (a request's purpose and legal basis, an objection's
-- description) and a required reason (reject, return, close; dismiss,
-- correct, uphold, reopen) must not be blank; a blank optional text
-- (evidence, record_key, an optional reason) counts as absent. Blank means
-- NULL or whitespace only, Unicode's included: 005 used btrim(), which
-- strips only ASCII spaces (so "\t\n" passed), and 007's '\S' follows the
-- database's ctype, for which U+00A0 and U+202F are not spaces.
-- govdx_blank() is the one test; the workflow functions (functions/) use
-- it, and the CHECK constraints below follow (NOT VALID: rows written
-- before stay as they are). govdx_blank stays here, not in functions/: the
-- constraints call it, so it must exist before they do.
--
-- A request for an unknown entry is 404 with details.parameter entry_code,
-- as an objection's is.
--
-- A request's usage period starts today or later (Beijing's date, one day
-- of grace) and lasts at most five years. Only new requests are held to it:
-- the demo seed inserts its backdated requests directly, and a resubmit
-- keeps the period it was filed with.
--
-- The 409 of an illegal transition says "cannot <action>: the <kind> is
-- <state>" (005/007 wrote "a <state> request …", which reads "a approved").
--
-- Invariant: every text govdx_blank() calls non-blank holds a character
-- that is not [[:space:]] in any locale, so it also passes 007's '\S'
-- constraints on evidence, record_key and item.

-- True when t is NULL or holds only whitespace: [[:space:]] (the locale's
-- idea, which covers ASCII TAB, LF, VT, FF, CR and space), and explicitly
-- NEL, no-break space, ogham space mark, Mongolian vowel separator, the
-- spaces U+2000..U+200A, zero width space, line and paragraph separators,
-- narrow no-break space, medium mathematical space, ideographic space and
-- the zero width no-break space (BOM).
CREATE FUNCTION govdx_blank(t text) RETURNS boolean
	LANGUAGE sql IMMUTABLE PARALLEL SAFE
	RETURN t IS NULL
		OR t ~ '^[[:space:]\u0085\u00a0\u1680\u180e\u2000-\u200b\u2028\u2029\u202f\u205f\u3000\ufeff]*$';

ALTER TABLE request
	DROP CONSTRAINT request_purpose_check,
	ADD CONSTRAINT request_purpose_check
		CHECK (NOT govdx_blank(purpose) AND char_length(purpose) <= 2000) NOT VALID,
	DROP CONSTRAINT request_legal_basis_check,
	ADD CONSTRAINT request_legal_basis_check
		CHECK (NOT govdx_blank(legal_basis) AND char_length(legal_basis) <= 2000) NOT VALID;
ALTER TABLE objection
	DROP CONSTRAINT objection_description_check,
	ADD CONSTRAINT objection_description_check
		CHECK (NOT govdx_blank(description) AND char_length(description) <= 4000) NOT VALID;
