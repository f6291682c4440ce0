CREATE TABLE "project_milestones" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"proposal_id" uuid NOT NULL,
	"on_date" date NOT NULL,
	"title_ja" text NOT NULL,
	"title_en" text NOT NULL,
	"note_ja" text DEFAULT '' NOT NULL,
	"note_en" text DEFAULT '' NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "project_progress" (
	"proposal_id" uuid PRIMARY KEY NOT NULL,
	"cycle_id" uuid NOT NULL,
	"status" text DEFAULT 'planned' NOT NULL,
	"percent_complete" smallint DEFAULT 0 NOT NULL,
	"note_ja" text DEFAULT '' NOT NULL,
	"note_en" text DEFAULT '' NOT NULL,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "project_progress_status" CHECK ("project_progress"."status" IN ('planned', 'in_progress', 'done', 'cancelled')),
	CONSTRAINT "project_progress_percent" CHECK ("project_progress"."percent_complete" BETWEEN 0 AND 100)
);
--> statement-breakpoint
CREATE TABLE "cycle_statistics" (
	"cycle_id" uuid PRIMARY KEY NOT NULL,
	"statistics" jsonb NOT NULL,
	"computed_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "participations" DROP CONSTRAINT "participations_channel";--> statement-breakpoint
ALTER TABLE "participations" DROP CONSTRAINT "participations_paper_is_final";--> statement-breakpoint
ALTER TABLE "audit_events" ADD COLUMN "actor_role" text;--> statement-breakpoint
ALTER TABLE "cycles" ADD COLUMN "source" text DEFAULT 'platform' NOT NULL;--> statement-breakpoint
ALTER TABLE "cycles" ADD COLUMN "imported_file_name" text;--> statement-breakpoint
ALTER TABLE "cycles" ADD COLUMN "imported_file_sha256" text;--> statement-breakpoint
ALTER TABLE "cycles" ADD COLUMN "personal_data_purged_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "proposals" ADD COLUMN "external_id" text;--> statement-breakpoint
ALTER TABLE "project_milestones" ADD CONSTRAINT "project_milestones_proposal_id_project_progress_proposal_id_fk" FOREIGN KEY ("proposal_id") REFERENCES "public"."project_progress"("proposal_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_milestones" ADD CONSTRAINT "project_milestones_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_progress" ADD CONSTRAINT "project_progress_proposal_id_proposals_id_fk" FOREIGN KEY ("proposal_id") REFERENCES "public"."proposals"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_progress" ADD CONSTRAINT "project_progress_cycle_id_cycles_id_fk" FOREIGN KEY ("cycle_id") REFERENCES "public"."cycles"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_progress" ADD CONSTRAINT "project_progress_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cycle_statistics" ADD CONSTRAINT "cycle_statistics_cycle_id_cycles_id_fk" FOREIGN KEY ("cycle_id") REFERENCES "public"."cycles"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "project_milestones_proposal" ON "project_milestones" USING btree ("proposal_id","on_date");--> statement-breakpoint
CREATE INDEX "project_progress_cycle" ON "project_progress" USING btree ("cycle_id");--> statement-breakpoint
CREATE INDEX "audit_events_actor" ON "audit_events" USING btree ("actor_id");--> statement-breakpoint
CREATE UNIQUE INDEX "proposals_external_id" ON "proposals" USING btree ("cycle_id","external_id");--> statement-breakpoint
ALTER TABLE "participations" ADD CONSTRAINT "participations_channel" CHECK ("participations"."channel" IN ('online', 'assisted', 'paper', 'imported'));--> statement-breakpoint
ALTER TABLE "participations" ADD CONSTRAINT "participations_paper_is_final" CHECK (("participations"."channel" IN ('paper', 'imported')) = ("participations"."replace_tag" IS NULL));--> statement-breakpoint
ALTER TABLE "cycles" ADD CONSTRAINT "cycles_source" CHECK ("cycles"."source" IN ('platform', 'imported'));