-- The paper ballot box. Paper voting now follows the poll book and the ballot box: the desk writes a
-- paper participation alone (who received a ballot), and the returned sheets are entered later
-- as receipt-less ballots with no participation in their transaction, so nothing joins a sheet to
-- a resident. Such a sheet finds no ballot slot (0017); it is let through instead when its
-- district's counted receipt-less ballots, itself included, do not outnumber the district's paper
-- (and imported) participations, counted under a per-cycle-and-district advisory lock that
-- the desk's own guarded insert takes too, so concurrent entries cannot overshoot (PBV04). A
-- receipted ballot still needs its slot (PBV03), as before.
CREATE FUNCTION pb_lock_poll_book(cycle uuid, district uuid) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
	PERFORM pg_advisory_xact_lock(7303, hashtext(cycle::text || ':' || district::text));
END;
$$;
--> statement-breakpoint
-- A transaction-local tally per cycle and district, like pb_ballot_slots_add, under its own name.
CREATE FUNCTION pb_xact_tally(setting text, cycle uuid, district uuid, delta integer) RETURNS integer LANGUAGE plpgsql AS $$
DECLARE
	tallies jsonb := coalesce(nullif(current_setting(setting, true), ''), '{}')::jsonb;
	tally_key text := cycle::text || ':' || district::text;
	total integer := coalesce((tallies->>tally_key)::integer, 0) + delta;
BEGIN
	IF delta <> 0 THEN
		PERFORM set_config(setting, jsonb_set(tallies, ARRAY[tally_key], to_jsonb(total))::text, true);
	END IF;
	RETURN total;
END;
$$;
--> statement-breakpoint
-- Counts the receipt-less ballots a transaction writes per district, when each is written (so in
-- both deferred and immediate mode of the check below), for the check to know whether any came
-- after it last counted.
CREATE FUNCTION ballots_note_receiptless() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	PERFORM pb_xact_tally('pb.receiptless_written', NEW.cycle_id, NEW.district_id, 1);
	RETURN NEW;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER ballots_note_receiptless BEFORE INSERT ON ballots FOR EACH ROW
	WHEN (NEW.receipt_hash IS NULL AND current_setting('pb.reshuffling', true) IS DISTINCT FROM NEW.cycle_id::text)
	EXECUTE FUNCTION ballots_note_receiptless();
--> statement-breakpoint
-- The count runs once per district and transaction (the lock is then held to the commit, so only
-- this transaction can add sheets there), and again only if the transaction wrote more since.
CREATE OR REPLACE FUNCTION ballots_use_ballot_slot() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
	written integer;
	sheets integer;
	issued integer;
BEGIN
	IF pb_ballot_slots_add(NEW.cycle_id, NEW.district_id, -1) >= 0 THEN
		RETURN NULL;
	END IF;
	PERFORM pb_ballot_slots_add(NEW.cycle_id, NEW.district_id, 1);
	IF NEW.receipt_hash IS NOT NULL THEN
		RAISE EXCEPTION 'cycle %: a ballot was written without its participation', NEW.cycle_id USING ERRCODE = 'PBV03';
	END IF;
	written := pb_xact_tally('pb.receiptless_written', NEW.cycle_id, NEW.district_id, 0);
	IF written = pb_xact_tally('pb.receiptless_checked', NEW.cycle_id, NEW.district_id, 0) THEN
		RETURN NULL;
	END IF;
	PERFORM pb_lock_poll_book(NEW.cycle_id, NEW.district_id);
	SELECT count(*) INTO sheets FROM ballots
		WHERE cycle_id = NEW.cycle_id AND district_id = NEW.district_id AND status = 'counted' AND receipt_hash IS NULL;
	SELECT count(*) INTO issued FROM participations
		WHERE cycle_id = NEW.cycle_id AND district_id = NEW.district_id AND channel IN ('paper', 'imported');
	IF sheets > issued THEN
		RAISE EXCEPTION 'cycle %, district %: % paper sheets for % paper ballots handed out', NEW.cycle_id, NEW.district_id, sheets, issued
			USING ERRCODE = 'PBV04';
	END IF;
	PERFORM pb_xact_tally('pb.receiptless_checked', NEW.cycle_id, NEW.district_id,
		written - pb_xact_tally('pb.receiptless_checked', NEW.cycle_id, NEW.district_id, 0));
	RETURN NULL;
END;
$$;
