-- The demo seed once wrote the category 'transport', which the app does not know; such rows become
-- 'streets' (or 'other') before the check that keeps them out. The guard would refuse the update
-- in frozen cycles, so it is paused for this statement only.
ALTER TABLE "proposals" DISABLE TRIGGER "proposals_guard";--> statement-breakpoint
UPDATE "proposals" SET "category" = CASE WHEN "category" = 'transport' THEN 'streets' ELSE 'other' END
	WHERE "category" NOT IN ('parks', 'streets', 'culture', 'sport', 'education', 'environment', 'welfare', 'safety', 'other');--> statement-breakpoint
ALTER TABLE "proposals" ENABLE TRIGGER "proposals_guard";--> statement-breakpoint
ALTER TABLE "proposals" ADD CONSTRAINT "proposals_category" CHECK ("category" IN ('parks', 'streets', 'culture', 'sport', 'education', 'environment', 'welfare', 'safety', 'other'));--> statement-breakpoint
-- Ballot slots. A ballot may only be written in the transaction that writes its participation (or
-- renews the participation's replace tag, when a ballot is replaced): each such participation
-- write opens one slot for its cycle and district, and each ballot uses one when the transaction
-- commits (a deferred constraint trigger, so the order of the two writes does not matter). A row
-- inserted into `ballots` alone finds no slot and the commit fails with PBV03. The slots are a
-- transaction-local setting: this stops a stray or forged INSERT, not someone who reads this file
-- (nor the table owner, who can disable triggers): the count's reconciliation of ballots with
-- participations, the published bulletin board and the anchored audit log are there for that.
CREATE FUNCTION pb_ballot_slots_add(cycle uuid, district uuid, delta integer) RETURNS integer LANGUAGE plpgsql AS $$
DECLARE
	slots jsonb := coalesce(nullif(current_setting('pb.ballot_slots', true), ''), '{}')::jsonb;
	slot_key text := cycle::text || ':' || district::text;
	remaining integer := coalesce((slots->>slot_key)::integer, 0) + delta;
BEGIN
	PERFORM set_config('pb.ballot_slots', jsonb_set(slots, ARRAY[slot_key], to_jsonb(remaining))::text, true);
	RETURN remaining;
END;
$$;
--> statement-breakpoint
CREATE FUNCTION participations_open_ballot_slot() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	PERFORM pb_ballot_slots_add(NEW.cycle_id, NEW.district_id, 1);
	RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER participations_open_ballot_slot AFTER INSERT ON participations
	FOR EACH ROW EXECUTE FUNCTION participations_open_ballot_slot();
--> statement-breakpoint
CREATE TRIGGER participations_open_ballot_slot_on_replace AFTER UPDATE OF replace_tag ON participations
	FOR EACH ROW WHEN (OLD.replace_tag IS DISTINCT FROM NEW.replace_tag)
	EXECUTE FUNCTION participations_open_ballot_slot();
--> statement-breakpoint
CREATE FUNCTION ballots_use_ballot_slot() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF pb_ballot_slots_add(NEW.cycle_id, NEW.district_id, -1) < 0 THEN
		RAISE EXCEPTION 'cycle %: a ballot was written without its participation', NEW.cycle_id USING ERRCODE = 'PBV03';
	END IF;
	RETURN NULL;
END;
$$;
--> statement-breakpoint
-- The WHEN clause is evaluated when the row is written, not at commit: the rewrite in random order
-- (below) re-inserts ballots that already had their participation, and queues nothing.
CREATE CONSTRAINT TRIGGER ballots_use_ballot_slot AFTER INSERT ON ballots
	DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
	WHEN (current_setting('pb.reshuffling', true) IS DISTINCT FROM NEW.cycle_id::text)
	EXECUTE FUNCTION ballots_use_ballot_slot();
--> statement-breakpoint
-- As in 0011, and the rewrite marks itself (transaction-local) so the guards let its inserts
-- through after paper entry has closed.
CREATE OR REPLACE FUNCTION pb_reshuffle_ballots(cycle uuid) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
	partition_name text := pb_ballot_partition_name(cycle);
BEGIN
	PERFORM pb_ensure_ballot_partition(cycle);
	PERFORM set_config('pb.reshuffling', cycle::text, true);
	EXECUTE format('CREATE TEMPORARY TABLE pb_shuffled_ballots ON COMMIT DROP AS SELECT * FROM %I ORDER BY random()', partition_name);
	EXECUTE format('TRUNCATE %I', partition_name);
	EXECUTE format('INSERT INTO %I SELECT * FROM pb_shuffled_ballots', partition_name);
	DROP TABLE pb_shuffled_ballots;
	PERFORM set_config('pb.reshuffling', '', true);
END;
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION ballots_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP = 'INSERT' THEN
		IF current_setting('pb.reshuffling', true) = NEW.cycle_id::text THEN
			RETURN NEW;
		END IF;
		-- In place of foreign keys (see ballots.table.ts): the district must take part in the cycle.
		IF NOT EXISTS (SELECT 1 FROM cycle_districts WHERE cycle_id = NEW.cycle_id AND district_id = NEW.district_id) THEN
			RAISE EXCEPTION 'cycle %: district % does not take part', NEW.cycle_id, NEW.district_id USING ERRCODE = '23503';
		END IF;
		-- The channel lives on the participation, whose own guard holds paper entry to paper ballots.
		IF pb_ballot_entry_open(NEW.cycle_id, true) THEN
			RETURN NEW;
		END IF;
		RAISE EXCEPTION 'cycle %: ballot entry is closed', NEW.cycle_id USING ERRCODE = 'PBV01';
	END IF;
	IF TG_OP = 'UPDATE' AND OLD.status = 'counted' AND NEW.status = 'replaced'
		AND (NEW.id, NEW.cycle_id, NEW.district_id, NEW.receipt_hash, NEW.choices)
			IS NOT DISTINCT FROM (OLD.id, OLD.cycle_id, OLD.district_id, OLD.receipt_hash, OLD.choices)
		AND pb_ballot_entry_open(NEW.cycle_id, false) THEN
		RETURN NEW;
	END IF;
	RAISE EXCEPTION 'ballots are never changed or deleted; during voting a replaced ballot is only marked replaced' USING ERRCODE = 'PBV02';
END;
$$;
--> statement-breakpoint
-- Closing voting rewrote the ballots in random order (0011); closing paper entry now does too, so
-- the paper ballots entered during tallying lose their link as well.
CREATE OR REPLACE FUNCTION cycles_ballot_storage() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF NEW.phase IS DISTINCT FROM OLD.phase OR NEW.paper_entry_closed_at IS DISTINCT FROM OLD.paper_entry_closed_at THEN
		PERFORM pb_ballot_gate(NEW.id, true);
	END IF;
	IF NEW.phase = 'voting' AND OLD.phase IS DISTINCT FROM 'voting' THEN
		PERFORM pb_ensure_ballot_partition(NEW.id);
	ELSIF NEW.phase = 'tallying' AND OLD.phase = 'voting' THEN
		PERFORM pb_reshuffle_ballots(NEW.id);
	END IF;
	IF NEW.paper_entry_closed_at IS DISTINCT FROM OLD.paper_entry_closed_at THEN
		IF OLD.paper_entry_closed_at IS NOT NULL OR NEW.phase <> 'tallying' THEN
			RAISE EXCEPTION 'cycle %: paper entry is closed during tallying, once', NEW.id USING ERRCODE = 'PBV02';
		END IF;
		PERFORM pb_reshuffle_ballots(NEW.id);
	END IF;
	RETURN NULL;
END;
$$;
