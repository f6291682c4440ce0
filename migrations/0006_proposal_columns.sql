ALTER TABLE "proposals" ADD COLUMN "comment_count" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE INDEX "proposals_cycle_created" ON "proposals" USING btree ("cycle_id","created_at");--> statement-breakpoint
CREATE INDEX "proposals_author" ON "proposals" USING btree ("author_id","cycle_id");