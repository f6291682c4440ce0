CREATE TABLE "proposal_follows" (
	"proposal_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "proposal_follows_proposal_id_user_id_pk" PRIMARY KEY("proposal_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "proposal_images" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"proposal_id" uuid NOT NULL,
	"position" smallint NOT NULL,
	"content_type" text NOT NULL,
	"content" "bytea" NOT NULL,
	"sha256" text NOT NULL,
	"width" integer NOT NULL,
	"height" integer NOT NULL,
	"alt_text" text NOT NULL,
	"alt_locale" text NOT NULL,
	"hidden_at" timestamp with time zone,
	"hidden_reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "proposal_images_position_range" CHECK ("proposal_images"."position" BETWEEN 1 AND 3),
	CONSTRAINT "proposal_images_type" CHECK ("proposal_images"."content_type" IN ('image/jpeg', 'image/png', 'image/webp')),
	CONSTRAINT "proposal_images_locale" CHECK ("proposal_images"."alt_locale" IN ('ja', 'en')),
	CONSTRAINT "proposal_images_alt" CHECK (length(btrim("proposal_images"."alt_text")) > 0)
);
--> statement-breakpoint
CREATE TABLE "proposal_supports" (
	"proposal_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "proposal_supports_proposal_id_user_id_pk" PRIMARY KEY("proposal_id","user_id")
);
--> statement-breakpoint
ALTER TABLE "cycles" ADD COLUMN "supports_enabled" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "cycles" ADD COLUMN "support_threshold" integer;--> statement-breakpoint
ALTER TABLE "proposals" ADD COLUMN "latitude" double precision;--> statement-breakpoint
ALTER TABLE "proposals" ADD COLUMN "longitude" double precision;--> statement-breakpoint
ALTER TABLE "proposal_follows" ADD CONSTRAINT "proposal_follows_proposal_id_proposals_id_fk" FOREIGN KEY ("proposal_id") REFERENCES "public"."proposals"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "proposal_follows" ADD CONSTRAINT "proposal_follows_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "proposal_images" ADD CONSTRAINT "proposal_images_proposal_id_proposals_id_fk" FOREIGN KEY ("proposal_id") REFERENCES "public"."proposals"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "proposal_supports" ADD CONSTRAINT "proposal_supports_proposal_id_proposals_id_fk" FOREIGN KEY ("proposal_id") REFERENCES "public"."proposals"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "proposal_supports" ADD CONSTRAINT "proposal_supports_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "proposal_follows_user" ON "proposal_follows" USING btree ("user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "proposal_images_position" ON "proposal_images" USING btree ("proposal_id","position");--> statement-breakpoint
CREATE INDEX "proposal_supports_user" ON "proposal_supports" USING btree ("user_id");--> statement-breakpoint
ALTER TABLE "cycles" ADD CONSTRAINT "cycles_support_threshold" CHECK ("cycles"."support_threshold" IS NULL OR "cycles"."support_threshold" > 0);--> statement-breakpoint
ALTER TABLE "proposals" ADD CONSTRAINT "proposals_point" CHECK (("proposals"."latitude" IS NULL) = ("proposals"."longitude" IS NULL) AND ("proposals"."latitude" IS NULL OR ("proposals"."latitude" BETWEEN -90 AND 90 AND "proposals"."longitude" BETWEEN -180 AND 180)));