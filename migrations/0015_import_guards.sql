-- Imported cycles (a pabulib file of a past election) are created directly in `published`, with
-- their districts, ballot list, ballots and participations, and counted, all in one transaction.
-- They take those rows only while that transaction runs: the cycle row's xmin is the current
-- transaction's id, and no result is stored yet. Afterwards nothing can be added, as for any
-- cycle past voting. Platform cycles keep the rules of migrations 0004, 0009 and 0011.
CREATE FUNCTION pb_import_open(cycle uuid) RETURNS boolean LANGUAGE sql STABLE AS $$
	SELECT EXISTS (
		SELECT 1 FROM cycles c
		WHERE c.id = cycle AND c.source = 'imported'
			AND c.xmin = (pg_current_xact_id_if_assigned()::text::bigint % 4294967296)::text::xid
			AND NOT EXISTS (SELECT 1 FROM cycle_results r WHERE r.cycle_id = cycle)
	)
$$;
--> statement-breakpoint
-- A platform cycle starts before voting (voting is entered by a phase move, which creates the
-- ballot storage); an imported one starts published, naming its file, and only so.
CREATE FUNCTION cycles_insert_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF NEW.source = 'imported' THEN
		IF NEW.phase <> 'published' OR NEW.imported_file_name IS NULL OR NEW.imported_file_sha256 IS NULL THEN
			RAISE EXCEPTION 'an imported cycle is created published, with its file name and SHA-256' USING ERRCODE = 'PBF02';
		END IF;
	ELSIF pb_phase_rank(NEW.phase) >= pb_phase_rank('voting') OR NEW.imported_file_name IS NOT NULL
		OR NEW.imported_file_sha256 IS NOT NULL THEN
		RAISE EXCEPTION 'a cycle starts before voting; only an imported cycle starts published' USING ERRCODE = 'PBF02';
	END IF;
	RETURN NEW;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER cycles_insert_guard BEFORE INSERT ON cycles FOR EACH ROW EXECUTE FUNCTION cycles_insert_guard();
--> statement-breakpoint
-- As in 0004, plus: where a cycle came from never changes.
CREATE OR REPLACE FUNCTION cycles_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP = 'DELETE' THEN
		IF pb_phase_rank(OLD.phase) >= pb_phase_rank('voting') THEN
			RAISE EXCEPTION 'cycle %: a cycle that has opened voting cannot be deleted', OLD.id USING ERRCODE = 'PBF01';
		END IF;
		RETURN OLD;
	END IF;
	IF (NEW.source, NEW.imported_file_name, NEW.imported_file_sha256)
		IS DISTINCT FROM (OLD.source, OLD.imported_file_name, OLD.imported_file_sha256) THEN
		RAISE EXCEPTION 'cycle %: where a cycle came from never changes', OLD.id USING ERRCODE = 'PBF01';
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
CREATE OR REPLACE FUNCTION cycle_districts_guard() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
	current_phase text := cycle_phase_for_change(COALESCE(NEW.cycle_id, OLD.cycle_id));
BEGIN
	IF pb_phase_rank(current_phase) >= pb_phase_rank('voting') AND NOT (TG_OP = 'INSERT' AND pb_import_open(NEW.cycle_id)) THEN
		RAISE EXCEPTION 'cycle %: districts and budgets are frozen once voting has opened', COALESCE(NEW.cycle_id, OLD.cycle_id) USING ERRCODE = 'PBF01';
	END IF;
	RETURN COALESCE(NEW, OLD);
END;
$$;
--> statement-breakpoint
-- As in 0009, plus: an imported cycle takes its ballot list while it is being imported, and an
-- external id is frozen like the rest of the row.
CREATE OR REPLACE FUNCTION proposals_guard() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
	current_phase text := cycle_phase_for_change(COALESCE(NEW.cycle_id, OLD.cycle_id));
BEGIN
	IF pb_phase_rank(current_phase) < pb_phase_rank('voting') THEN
		RETURN COALESCE(NEW, OLD);
	END IF;
	IF TG_OP = 'INSERT' AND pb_import_open(NEW.cycle_id) THEN
		RETURN NEW;
	END IF;
	IF TG_OP = 'UPDATE'
		AND (NEW.id, NEW.cycle_id, NEW.district_id, NEW.author_id, NEW.title, NEW.summary, NEW.description,
			NEW.category, NEW.location, NEW.estimated_cost, NEW.cost, NEW.ballot_eligible, NEW.merged_into, NEW.external_id)
			IS NOT DISTINCT FROM
			(OLD.id, OLD.cycle_id, OLD.district_id, OLD.author_id, OLD.title, OLD.summary, OLD.description,
			OLD.category, OLD.location, OLD.estimated_cost, OLD.cost, OLD.ballot_eligible, OLD.merged_into, OLD.external_id)
		AND (NEW.status = OLD.status OR (NEW.status = 'withdrawn' AND OLD.withdrawn_at IS NULL AND NEW.withdrawn_at IS NOT NULL))
		AND NOT (OLD.withdrawn_at IS NOT NULL AND NEW.withdrawn_at IS DISTINCT FROM OLD.withdrawn_at) THEN
		RETURN NEW;
	END IF;
	RAISE EXCEPTION 'cycle %: the ballot list is frozen once voting has opened', COALESCE(NEW.cycle_id, OLD.cycle_id) USING ERRCODE = 'PBF01';
END;
$$;
--> statement-breakpoint
-- As in 0011, plus the import: both the ballots and the participations guard ask this function.
CREATE OR REPLACE FUNCTION pb_ballot_entry_open(cycle uuid, paper boolean) RETURNS boolean LANGUAGE plpgsql AS $$
DECLARE
	current_phase text;
	paper_closed timestamptz;
BEGIN
	IF pb_import_open(cycle) THEN
		RETURN true;
	END IF;
	PERFORM pb_ballot_gate(cycle, false);
	SELECT phase, paper_entry_closed_at INTO current_phase, paper_closed FROM cycles WHERE id = cycle;
	RETURN current_phase = 'voting' OR (paper AND current_phase = 'tallying' AND paper_closed IS NULL);
END;
$$;
