CREATE TABLE "cycle_districts" (
	"cycle_id" uuid NOT NULL,
	"district_id" uuid NOT NULL,
	"budget" bigint NOT NULL,
	CONSTRAINT "cycle_districts_cycle_id_district_id_pk" PRIMARY KEY("cycle_id","district_id"),
	CONSTRAINT "cycle_districts_budget" CHECK ("cycle_districts"."budget" >= 0)
);
--> statement-breakpoint
CREATE TABLE "cycle_phase_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"cycle_id" uuid NOT NULL,
	"from_phase" text,
	"to_phase" text NOT NULL,
	"actor_id" uuid,
	"confirmed_by" uuid,
	"scheduled" boolean DEFAULT false NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "cycle_phase_requests" (
	"cycle_id" uuid PRIMARY KEY NOT NULL,
	"to_phase" text NOT NULL,
	"requested_by" uuid NOT NULL,
	"requested_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "cycle_phase_requests_phase" CHECK ("to_phase" IN ('draft', 'submission', 'review', 'voting', 'tallying', 'published', 'closed'))
);
--> statement-breakpoint
CREATE TABLE "cycles" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"phase" text DEFAULT 'draft' NOT NULL,
	"title_ja" text NOT NULL,
	"title_en" text NOT NULL,
	"description_ja" text DEFAULT '' NOT NULL,
	"description_en" text DEFAULT '' NOT NULL,
	"ballot_rules" jsonb NOT NULL,
	"allocation_rules" jsonb NOT NULL,
	"requires_verification" boolean DEFAULT true NOT NULL,
	"minimum_age" smallint,
	"proposal_quota" integer DEFAULT 3 NOT NULL,
	"comment_phases" text[] DEFAULT '{submission,review}'::text[] NOT NULL,
	"flag_threshold" integer DEFAULT 3 NOT NULL,
	"cloned_from" uuid,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "cycles_phase" CHECK ("phase" IN ('draft', 'submission', 'review', 'voting', 'tallying', 'published', 'closed')),
	CONSTRAINT "cycles_ballot_method" CHECK ("cycles"."ballot_rules"->>'method' IN ('approval', 'knapsack', 'cumulative', 'ranked')),
	CONSTRAINT "cycles_allocation_rule" CHECK ("cycles"."allocation_rules"->>'rule' IN ('greedy', 'mes', 'phragmen')),
	CONSTRAINT "cycles_minimum_age" CHECK ("cycles"."minimum_age" IS NULL OR "cycles"."minimum_age" BETWEEN 0 AND 120),
	CONSTRAINT "cycles_quota" CHECK ("cycles"."proposal_quota" > 0 AND "cycles"."flag_threshold" > 0)
);
--> statement-breakpoint
CREATE TABLE "proposals" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"cycle_id" uuid NOT NULL,
	"district_id" uuid NOT NULL,
	"author_id" uuid,
	"title" text NOT NULL,
	"summary" text NOT NULL,
	"description" text NOT NULL,
	"category" text NOT NULL,
	"location" text,
	"estimated_cost" bigint NOT NULL,
	"cost" bigint,
	"status" text DEFAULT 'submitted' NOT NULL,
	"ballot_eligible" boolean DEFAULT false NOT NULL,
	"withdrawn_at" timestamp with time zone,
	"withdrawal_reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "proposals_costs" CHECK ("proposals"."estimated_cost" >= 0 AND ("proposals"."cost" IS NULL OR "proposals"."cost" >= 0)),
	CONSTRAINT "proposals_status" CHECK ("proposals"."status" IN ('submitted', 'feasible', 'infeasible', 'merged', 'withdrawn')),
	CONSTRAINT "proposals_withdrawal" CHECK (("proposals"."withdrawn_at" IS NULL) = ("proposals"."withdrawal_reason" IS NULL))
);
--> statement-breakpoint
ALTER TABLE "cycle_districts" ADD CONSTRAINT "cycle_districts_cycle_id_cycles_id_fk" FOREIGN KEY ("cycle_id") REFERENCES "public"."cycles"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cycle_districts" ADD CONSTRAINT "cycle_districts_district_id_districts_id_fk" FOREIGN KEY ("district_id") REFERENCES "public"."districts"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cycle_phase_events" ADD CONSTRAINT "cycle_phase_events_cycle_id_cycles_id_fk" FOREIGN KEY ("cycle_id") REFERENCES "public"."cycles"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cycle_phase_requests" ADD CONSTRAINT "cycle_phase_requests_cycle_id_cycles_id_fk" FOREIGN KEY ("cycle_id") REFERENCES "public"."cycles"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cycles" ADD CONSTRAINT "cycles_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "proposals" ADD CONSTRAINT "proposals_cycle_id_cycles_id_fk" FOREIGN KEY ("cycle_id") REFERENCES "public"."cycles"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "proposals" ADD CONSTRAINT "proposals_district_id_districts_id_fk" FOREIGN KEY ("district_id") REFERENCES "public"."districts"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "proposals" ADD CONSTRAINT "proposals_author_id_users_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "cycle_phase_events_cycle" ON "cycle_phase_events" USING btree ("cycle_id","at");--> statement-breakpoint
CREATE INDEX "proposals_cycle_district" ON "proposals" USING btree ("cycle_id","district_id");