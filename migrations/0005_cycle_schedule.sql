CREATE TABLE "cycle_schedule" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"cycle_id" uuid NOT NULL,
	"to_phase" text NOT NULL,
	"run_at" timestamp with time zone NOT NULL,
	"requested_by" uuid NOT NULL,
	"confirmed_by" uuid,
	"done_at" timestamp with time zone,
	"outcome" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "cycle_schedule_phase" CHECK ("to_phase" IN ('draft', 'submission', 'review', 'voting', 'tallying', 'published', 'closed')),
	CONSTRAINT "cycle_schedule_done" CHECK (("cycle_schedule"."done_at" IS NULL) = ("cycle_schedule"."outcome" IS NULL))
);
--> statement-breakpoint
ALTER TABLE "cycle_schedule" ADD CONSTRAINT "cycle_schedule_cycle_id_cycles_id_fk" FOREIGN KEY ("cycle_id") REFERENCES "public"."cycles"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "cycle_schedule_due" ON "cycle_schedule" USING btree ("run_at") WHERE "cycle_schedule"."done_at" IS NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "cycle_schedule_one_pending_per_phase" ON "cycle_schedule" USING btree ("cycle_id","to_phase") WHERE "cycle_schedule"."done_at" IS NULL;