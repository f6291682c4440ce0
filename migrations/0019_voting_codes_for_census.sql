ALTER TABLE "voting_codes" ADD COLUMN "census_hash" text;--> statement-breakpoint
ALTER TABLE "voting_codes" ADD COLUMN "revoked_at" timestamp with time zone;--> statement-breakpoint
CREATE UNIQUE INDEX "voting_codes_one_unused_per_census_entry" ON "voting_codes" USING btree ("census_hash") WHERE "voting_codes"."redeemed_by" IS NULL AND "voting_codes"."revoked_at" IS NULL;--> statement-breakpoint
ALTER TABLE "voting_codes" ADD CONSTRAINT "voting_codes_revoked_unused" CHECK ("voting_codes"."revoked_at" IS NULL OR "voting_codes"."redeemed_by" IS NULL);