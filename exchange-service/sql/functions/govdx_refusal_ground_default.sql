-- govdx_refusal_ground_default (trigger on request): a request written
-- already refused without a ground (the demo seed's replayed history) has
-- the ground other, as a reject without one gets.
--
-- Invariant: a request that is rejected, or in coordination or closed after
-- a refusal, has a refusal_ground.

CREATE OR REPLACE FUNCTION govdx_refusal_ground_default() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF NEW.state IN ('rejected', 'coordinating', 'closed') AND NEW.refusal_ground IS NULL THEN
		NEW.refusal_ground := 'other';
	END IF;
	RETURN NEW;
END $$;

CREATE OR REPLACE TRIGGER request_refusal_ground BEFORE INSERT ON request
	FOR EACH ROW EXECUTE FUNCTION govdx_refusal_ground_default();
