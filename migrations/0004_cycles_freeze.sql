-- Once a cycle enters voting, its rules, districts, budgets and ballot list are frozen. The API
-- answers 409 first; these triggers make sure no other code path (or console) can change them.
-- SQLSTATE PBF01 means "frozen", PBF02 "not a one-step phase move"; the API maps both to 409.
CREATE FUNCTION pb_phase_rank(phase text) RETURNS integer LANGUAGE sql IMMUTABLE AS $$
	SELECT array_position(ARRAY['draft', 'submission', 'review', 'voting', 'tallying', 'published', 'closed'], phase)
$$;
--> statement-breakpoint
CREATE FUNCTION cycles_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP = 'DELETE' THEN
		IF pb_phase_rank(OLD.phase) >= pb_phase_rank('voting') THEN
			RAISE EXCEPTION 'cycle %: a cycle that has opened voting cannot be deleted', OLD.id USING ERRCODE = 'PBF01';
		END IF;
		RETURN OLD;
	END IF;
	IF pb_phase_rank(OLD.phase) >= pb_phase_rank('voting') THEN
		IF NEW.ballot_rules IS DISTINCT FROM OLD.ballot_rules
			OR NEW.allocation_rules IS DISTINCT FROM OLD.allocation_rules
			OR NEW.requires_verification IS DISTINCT FROM OLD.requires_verification
			OR NEW.minimum_age IS DISTINCT FROM OLD.minimum_age THEN
			RAISE EXCEPTION 'cycle %: the rules are frozen once voting has opened', OLD.id USING ERRCODE = 'PBF01';
		END IF;
		IF pb_phase_rank(NEW.phase) < pb_phase_rank(OLD.phase) THEN
			RAISE EXCEPTION 'cycle %: cannot go back from %', OLD.id, OLD.phase USING ERRCODE = 'PBF01';
		END IF;
	END IF;
	IF abs(pb_phase_rank(NEW.phase) - pb_phase_rank(OLD.phase)) > 1 THEN
		RAISE EXCEPTION 'cycle %: phases move one step at a time (% to %)', OLD.id, OLD.phase, NEW.phase USING ERRCODE = 'PBF02';
	END IF;
	RETURN NEW;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER cycles_guard BEFORE UPDATE OR DELETE ON cycles FOR EACH ROW EXECUTE FUNCTION cycles_guard();
--> statement-breakpoint
-- FOR SHARE waits for a concurrent phase move and then reads its outcome, so a budget change
-- racing the opening of voting either commits before it or is refused.
CREATE FUNCTION cycle_phase_for_change(cycle uuid) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
	current_phase text;
BEGIN
	SELECT phase INTO current_phase FROM cycles WHERE id = cycle FOR SHARE;
	RETURN current_phase;
END;
$$;
--> statement-breakpoint
CREATE FUNCTION cycle_districts_guard() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
	current_phase text := cycle_phase_for_change(COALESCE(NEW.cycle_id, OLD.cycle_id));
BEGIN
	IF pb_phase_rank(current_phase) >= pb_phase_rank('voting') THEN
		RAISE EXCEPTION 'cycle %: districts and budgets are frozen once voting has opened', COALESCE(NEW.cycle_id, OLD.cycle_id) USING ERRCODE = 'PBF01';
	END IF;
	RETURN COALESCE(NEW, OLD);
END;
$$;
--> statement-breakpoint
CREATE TRIGGER cycle_districts_guard BEFORE INSERT OR UPDATE OR DELETE ON cycle_districts FOR EACH ROW EXECUTE FUNCTION cycle_districts_guard();
--> statement-breakpoint
-- During voting and after, the only change a proposal may take is its withdrawal.
CREATE FUNCTION proposals_guard() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
	current_phase text := cycle_phase_for_change(COALESCE(NEW.cycle_id, OLD.cycle_id));
BEGIN
	IF pb_phase_rank(current_phase) < pb_phase_rank('voting') THEN
		RETURN COALESCE(NEW, OLD);
	END IF;
	IF TG_OP = 'UPDATE'
		AND OLD.withdrawn_at IS NULL AND NEW.withdrawn_at IS NOT NULL AND NEW.status = 'withdrawn'
		AND (NEW.id, NEW.cycle_id, NEW.district_id, NEW.author_id, NEW.title, NEW.summary, NEW.description,
			NEW.category, NEW.location, NEW.estimated_cost, NEW.cost, NEW.ballot_eligible)
			IS NOT DISTINCT FROM
			(OLD.id, OLD.cycle_id, OLD.district_id, OLD.author_id, OLD.title, OLD.summary, OLD.description,
			OLD.category, OLD.location, OLD.estimated_cost, OLD.cost, OLD.ballot_eligible) THEN
		RETURN NEW;
	END IF;
	RAISE EXCEPTION 'cycle %: the ballot list is frozen once voting has opened', COALESCE(NEW.cycle_id, OLD.cycle_id) USING ERRCODE = 'PBF01';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER proposals_guard BEFORE INSERT OR UPDATE OR DELETE ON proposals FOR EACH ROW EXECUTE FUNCTION proposals_guard();
