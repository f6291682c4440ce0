CREATE TABLE "ballots" (
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"cycle_id" uuid NOT NULL,
	"district_id" uuid NOT NULL,
	"receipt_hash" text,
	"choices" jsonb NOT NULL,
	"status" text DEFAULT 'counted' NOT NULL,
	CONSTRAINT "ballots_cycle_id_id_pk" PRIMARY KEY("cycle_id","id"),
	CONSTRAINT "ballots_status" CHECK ("ballots"."status" IN ('counted', 'replaced'))
) PARTITION BY LIST ("cycle_id");
--> statement-breakpoint
CREATE TABLE "participations" (
	"cycle_id" uuid NOT NULL,
	"district_id" uuid NOT NULL,
	"voter_key" text NOT NULL,
	"user_id" uuid,
	"channel" text NOT NULL,
	"cast_on_day" date NOT NULL,
	"replace_tag" text,
	CONSTRAINT "participations_cycle_id_district_id_voter_key_pk" PRIMARY KEY("cycle_id","district_id","voter_key"),
	CONSTRAINT "participations_channel" CHECK ("participations"."channel" IN ('online', 'assisted', 'paper')),
	CONSTRAINT "participations_paper_is_final" CHECK (("participations"."channel" = 'paper') = ("participations"."replace_tag" IS NULL))
);
--> statement-breakpoint
ALTER TABLE "cycles" ADD COLUMN "paper_entry_closed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "participations" ADD CONSTRAINT "participations_cycle_id_cycles_id_fk" FOREIGN KEY ("cycle_id") REFERENCES "public"."cycles"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "participations" ADD CONSTRAINT "participations_district_id_districts_id_fk" FOREIGN KEY ("district_id") REFERENCES "public"."districts"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "participations" ADD CONSTRAINT "participations_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "ballots_receipt" ON "ballots" USING btree ("cycle_id","receipt_hash");--> statement-breakpoint
CREATE UNIQUE INDEX "ballots_one_counted_per_receipt" ON "ballots" USING btree ("cycle_id","receipt_hash") WHERE "ballots"."status" = 'counted';--> statement-breakpoint
CREATE UNIQUE INDEX "participations_one_per_user" ON "participations" USING btree ("cycle_id","district_id","user_id");--> statement-breakpoint
CREATE INDEX "voting_codes_redeemed_by" ON "voting_codes" USING btree ("redeemed_by");
--> statement-breakpoint
-- Ballot storage, one partition per cycle (see ballots.table.ts). SQLSTATE PBV01 means "ballot
-- entry is closed", PBV02 "ballots and participations are never edited"; the API maps both to 409.
CREATE FUNCTION pb_ballot_partition_name(cycle uuid) RETURNS text LANGUAGE sql IMMUTABLE AS $$
	SELECT 'ballots_' || replace(cycle::text, '-', '')
$$;
--> statement-breakpoint
CREATE FUNCTION pb_ensure_ballot_partition(cycle uuid) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
	IF to_regclass(pb_ballot_partition_name(cycle)) IS NULL THEN
		EXECUTE format('CREATE TABLE %I PARTITION OF ballots FOR VALUES IN (%L)', pb_ballot_partition_name(cycle), cycle);
	END IF;
END;
$$;
--> statement-breakpoint
-- While voting is open a superuser can still link a ballot to its participation by transaction id
-- (xmin) and physical order. Rewriting the ballots in random order, in one transaction, into the
-- partition's fresh storage removes both links from the data and from later backups: TRUNCATE
-- gives the partition a new file and deletes the old one at commit. (Detaching and dropping the
-- partition would need an exclusive lock on all of `ballots`, which deadlocks with casts.)
CREATE FUNCTION pb_reshuffle_ballots(cycle uuid) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
	partition_name text := pb_ballot_partition_name(cycle);
BEGIN
	PERFORM pb_ensure_ballot_partition(cycle);
	EXECUTE format('CREATE TEMPORARY TABLE pb_shuffled_ballots ON COMMIT DROP AS SELECT * FROM %I ORDER BY random()', partition_name);
	EXECUTE format('TRUNCATE %I', partition_name);
	EXECUTE format('INSERT INTO %I SELECT * FROM pb_shuffled_ballots', partition_name);
	DROP TABLE pb_shuffled_ballots;
END;
$$;
--> statement-breakpoint
-- The phase gate of ballot entry: each ballot takes this cycle's advisory lock shared; a phase move
-- or the close of paper entry takes it exclusively, so it waits for the ballots in flight and the
-- ballots after it see the new phase. Unlike FOR SHARE on the cycle's row, a shared advisory lock
-- writes nothing (no row lock, no multixact, no WAL) when thousands of ballots arrive at once.
CREATE FUNCTION pb_ballot_gate(cycle uuid, exclusive boolean) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
	IF exclusive THEN
		PERFORM pg_advisory_xact_lock(7301, hashtext(cycle::text));
	ELSE
		PERFORM pg_advisory_xact_lock_shared(7301, hashtext(cycle::text));
	END IF;
END;
$$;
--> statement-breakpoint
CREATE FUNCTION cycles_ballot_storage() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF NEW.phase IS DISTINCT FROM OLD.phase OR NEW.paper_entry_closed_at IS DISTINCT FROM OLD.paper_entry_closed_at THEN
		PERFORM pb_ballot_gate(NEW.id, true);
	END IF;
	IF NEW.phase = 'voting' AND OLD.phase IS DISTINCT FROM 'voting' THEN
		PERFORM pb_ensure_ballot_partition(NEW.id);
	ELSIF NEW.phase = 'tallying' AND OLD.phase = 'voting' THEN
		PERFORM pb_reshuffle_ballots(NEW.id);
	END IF;
	IF NEW.paper_entry_closed_at IS DISTINCT FROM OLD.paper_entry_closed_at
		AND (OLD.paper_entry_closed_at IS NOT NULL OR NEW.phase <> 'tallying') THEN
		RAISE EXCEPTION 'cycle %: paper entry is closed during tallying, once', NEW.id USING ERRCODE = 'PBV02';
	END IF;
	RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER cycles_ballot_storage AFTER UPDATE ON cycles FOR EACH ROW EXECUTE FUNCTION cycles_ballot_storage();
--> statement-breakpoint
SELECT pb_ensure_ballot_partition(id) FROM cycles WHERE pb_phase_rank(phase) >= pb_phase_rank('voting');
--> statement-breakpoint
-- Ballots enter during voting, and paper ballots during tallying until paper entry closes. The
-- phase is read behind the ballot gate, so a ballot racing the close of voting commits before it
-- or is refused. (Each statement of this function reads a fresh snapshot: after waiting at the
-- gate it sees the move that held it.)
CREATE FUNCTION pb_ballot_entry_open(cycle uuid, paper boolean) RETURNS boolean LANGUAGE plpgsql AS $$
DECLARE
	current_phase text;
	paper_closed timestamptz;
BEGIN
	PERFORM pb_ballot_gate(cycle, false);
	SELECT phase, paper_entry_closed_at INTO current_phase, paper_closed FROM cycles WHERE id = cycle;
	RETURN current_phase = 'voting' OR (paper AND current_phase = 'tallying' AND paper_closed IS NULL);
END;
$$;
--> statement-breakpoint
CREATE FUNCTION participations_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP = 'INSERT' THEN
		IF pb_ballot_entry_open(NEW.cycle_id, NEW.channel = 'paper') THEN
			RETURN NEW;
		END IF;
		RAISE EXCEPTION 'cycle %: ballot entry is closed', NEW.cycle_id USING ERRCODE = 'PBV01';
	END IF;
	-- Replacing a ballot during voting hands out a new receipt code, so the tag follows it.
	IF TG_OP = 'UPDATE' AND OLD.replace_tag IS NOT NULL AND NEW.replace_tag IS NOT NULL
		AND (NEW.cycle_id, NEW.district_id, NEW.voter_key, NEW.user_id, NEW.channel, NEW.cast_on_day)
			IS NOT DISTINCT FROM (OLD.cycle_id, OLD.district_id, OLD.voter_key, OLD.user_id, OLD.channel, OLD.cast_on_day)
		AND pb_ballot_entry_open(NEW.cycle_id, false) THEN
		RETURN NEW;
	END IF;
	RAISE EXCEPTION 'participations are never deleted, and change only their replace tag during voting' USING ERRCODE = 'PBV02';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER participations_guard BEFORE INSERT OR UPDATE OR DELETE ON participations FOR EACH ROW EXECUTE FUNCTION participations_guard();
--> statement-breakpoint
CREATE FUNCTION ballots_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP = 'INSERT' THEN
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
CREATE TRIGGER ballots_guard BEFORE INSERT OR UPDATE OR DELETE ON ballots FOR EACH ROW EXECUTE FUNCTION ballots_guard();
