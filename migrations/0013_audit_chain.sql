ALTER TABLE "audit_events" ADD COLUMN "chain_seq" bigint;--> statement-breakpoint
ALTER TABLE "audit_events" ADD COLUMN "prev_hash" text;--> statement-breakpoint
ALTER TABLE "audit_events" ADD COLUMN "hash" text;--> statement-breakpoint
CREATE UNIQUE INDEX "audit_events_chain_seq" ON "audit_events" USING btree ("chain_seq");--> statement-breakpoint
-- The text an entry's hash is taken of: every field, in a fixed format, and the previous hash.
CREATE FUNCTION pb_audit_payload(seq bigint, entry_id bigint, at timestamptz, actor uuid, action text, subject text, details jsonb, prev text)
RETURNS text LANGUAGE sql IMMUTABLE AS $$
	SELECT concat_ws('|', seq::text, entry_id::text, to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
		coalesce(actor::text, ''), action, coalesce(subject, ''), details::text, prev)
$$;
--> statement-breakpoint
CREATE FUNCTION pb_audit_hash(seq bigint, entry_id bigint, at timestamptz, actor uuid, action text, subject text, details jsonb, prev text)
RETURNS text LANGUAGE sql IMMUTABLE AS $$
	SELECT encode(sha256(convert_to(pb_audit_payload(seq, entry_id, at, actor, action, subject, details, prev), 'UTF8')), 'hex')
$$;
--> statement-breakpoint
-- Entries join the chain one at a time (an advisory lock held to commit), each taking the next
-- position and the hash of the one before; `npm run audit:verify` walks the chain.
CREATE FUNCTION audit_events_chain() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
	last_seq bigint;
	last_hash text;
BEGIN
	PERFORM pg_advisory_xact_lock(7302, 0);
	SELECT chain_seq, hash INTO last_seq, last_hash FROM audit_events WHERE chain_seq IS NOT NULL ORDER BY chain_seq DESC LIMIT 1;
	NEW.chain_seq := coalesce(last_seq, 0) + 1;
	NEW.prev_hash := coalesce(last_hash, repeat('0', 64));
	NEW.hash := pb_audit_hash(NEW.chain_seq, NEW.id, NEW.at, NEW.actor_id, NEW.action, NEW.subject_id, NEW.details, NEW.prev_hash);
	RETURN NEW;
END;
$$;
--> statement-breakpoint
-- Entries written before the chain existed join it in id order.
ALTER TABLE audit_events DISABLE TRIGGER audit_events_no_update_delete;
--> statement-breakpoint
DO $$
DECLARE
	entry record;
	position bigint := 0;
	previous text := repeat('0', 64);
BEGIN
	FOR entry IN SELECT * FROM audit_events ORDER BY id LOOP
		position := position + 1;
		UPDATE audit_events SET chain_seq = position, prev_hash = previous,
			hash = pb_audit_hash(position, entry.id, entry.at, entry.actor_id, entry.action, entry.subject_id, entry.details, previous)
		WHERE id = entry.id
		RETURNING hash INTO previous;
	END LOOP;
END;
$$;
--> statement-breakpoint
ALTER TABLE audit_events ENABLE TRIGGER audit_events_no_update_delete;
--> statement-breakpoint
CREATE TRIGGER audit_events_chain BEFORE INSERT ON audit_events FOR EACH ROW EXECUTE FUNCTION audit_events_chain();
