CREATE TABLE "cycle_results" (
	"cycle_id" uuid NOT NULL,
	"district_id" uuid NOT NULL,
	"ballots_sha256" text NOT NULL,
	"ballot_count" integer NOT NULL,
	"rules" jsonb NOT NULL,
	"outcome" jsonb NOT NULL,
	"computed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "cycle_results_cycle_id_district_id_pk" PRIMARY KEY("cycle_id","district_id")
);
--> statement-breakpoint
ALTER TABLE "cycle_results" ADD CONSTRAINT "cycle_results_cycle_id_cycles_id_fk" FOREIGN KEY ("cycle_id") REFERENCES "public"."cycles"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cycle_results" ADD CONSTRAINT "cycle_results_district_id_districts_id_fk" FOREIGN KEY ("district_id") REFERENCES "public"."districts"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
-- A count is stored once; a recount is compared with it, never written over it (SQLSTATE PBR01).
CREATE FUNCTION cycle_results_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	RAISE EXCEPTION 'cycle %: stored results are never changed or deleted', OLD.cycle_id USING ERRCODE = 'PBR01';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER cycle_results_guard BEFORE UPDATE OR DELETE ON cycle_results FOR EACH ROW EXECUTE FUNCTION cycle_results_guard();
