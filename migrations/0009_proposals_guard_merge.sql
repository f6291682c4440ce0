-- The freeze now also covers merges (proposals.merged_into).
CREATE OR REPLACE FUNCTION proposals_guard() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
	current_phase text := cycle_phase_for_change(COALESCE(NEW.cycle_id, OLD.cycle_id));
BEGIN
	IF pb_phase_rank(current_phase) < pb_phase_rank('voting') THEN
		RETURN COALESCE(NEW, OLD);
	END IF;
	IF TG_OP = 'UPDATE'
		AND (NEW.id, NEW.cycle_id, NEW.district_id, NEW.author_id, NEW.title, NEW.summary, NEW.description,
			NEW.category, NEW.location, NEW.estimated_cost, NEW.cost, NEW.ballot_eligible, NEW.merged_into)
			IS NOT DISTINCT FROM
			(OLD.id, OLD.cycle_id, OLD.district_id, OLD.author_id, OLD.title, OLD.summary, OLD.description,
			OLD.category, OLD.location, OLD.estimated_cost, OLD.cost, OLD.ballot_eligible, OLD.merged_into)
		AND (NEW.status = OLD.status OR (NEW.status = 'withdrawn' AND OLD.withdrawn_at IS NULL AND NEW.withdrawn_at IS NOT NULL))
		AND NOT (OLD.withdrawn_at IS NOT NULL AND NEW.withdrawn_at IS DISTINCT FROM OLD.withdrawn_at) THEN
		RETURN NEW;
	END IF;
	RAISE EXCEPTION 'cycle %: the ballot list is frozen once voting has opened', COALESCE(NEW.cycle_id, OLD.cycle_id) USING ERRCODE = 'PBF01';
END;
$$;
