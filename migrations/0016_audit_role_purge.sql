-- The actor's role joins each audit entry's hash. concat_ws skips a NULL, so entries written
-- before roles were recorded keep the hash they were given.
CREATE FUNCTION pb_audit_hash(seq bigint, entry_id bigint, at timestamptz, actor uuid, actor_role text, action text, subject text, details jsonb, prev text)
RETURNS text LANGUAGE sql IMMUTABLE AS $$
	SELECT encode(sha256(convert_to(concat_ws('|', pb_audit_payload(seq, entry_id, at, actor, action, subject, details, prev), actor_role), 'UTF8')), 'hex')
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION audit_events_chain() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
	last_seq bigint;
	last_hash text;
BEGIN
	PERFORM pg_advisory_xact_lock(7302, 0);
	SELECT chain_seq, hash INTO last_seq, last_hash FROM audit_events WHERE chain_seq IS NOT NULL ORDER BY chain_seq DESC LIMIT 1;
	NEW.chain_seq := coalesce(last_seq, 0) + 1;
	NEW.prev_hash := coalesce(last_hash, repeat('0', 64));
	NEW.hash := pb_audit_hash(NEW.chain_seq, NEW.id, NEW.at, NEW.actor_id, NEW.actor_role, NEW.action, NEW.subject_id, NEW.details, NEW.prev_hash);
	RETURN NEW;
END;
$$;
--> statement-breakpoint
-- Once a cycle is closed its participations (which say who voted) may be deleted, by the purge
-- job; until then they are never deleted, and change only their replace tag during voting.
CREATE OR REPLACE FUNCTION participations_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP = 'INSERT' THEN
		IF (NEW.channel = 'imported') IS DISTINCT FROM pb_import_open(NEW.cycle_id) THEN
			RAISE EXCEPTION 'cycle %: channel imported is only for a cycle being imported', NEW.cycle_id USING ERRCODE = 'PBV02';
		END IF;
		IF pb_ballot_entry_open(NEW.cycle_id, NEW.channel = 'paper') THEN
			RETURN NEW;
		END IF;
		RAISE EXCEPTION 'cycle %: ballot entry is closed', NEW.cycle_id USING ERRCODE = 'PBV01';
	END IF;
	IF TG_OP = 'DELETE' AND (SELECT phase FROM cycles WHERE id = OLD.cycle_id) = 'closed' THEN
		RETURN OLD;
	END IF;
	IF TG_OP = 'UPDATE' AND OLD.replace_tag IS NOT NULL AND NEW.replace_tag IS NOT NULL
		AND (NEW.cycle_id, NEW.district_id, NEW.voter_key, NEW.user_id, NEW.channel, NEW.cast_on_day)
			IS NOT DISTINCT FROM (OLD.cycle_id, OLD.district_id, OLD.voter_key, OLD.user_id, OLD.channel, OLD.cast_on_day)
		AND pb_ballot_entry_open(NEW.cycle_id, false) THEN
		RETURN NEW;
	END IF;
	RAISE EXCEPTION 'participations are deleted only once their cycle is closed, and change only their replace tag during voting' USING ERRCODE = 'PBV02';
END;
$$;
--> statement-breakpoint
-- The participation figures kept after the purge are written once.
CREATE FUNCTION cycle_statistics_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	RAISE EXCEPTION 'cycle statistics are written once (% refused)', TG_OP USING ERRCODE = 'PBR01';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER cycle_statistics_immutable BEFORE UPDATE OR DELETE ON cycle_statistics
	FOR EACH ROW EXECUTE FUNCTION cycle_statistics_refuse_change();
