ALTER TABLE "events" ADD COLUMN "chain" smallint DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE INDEX "events_chain_idx" ON "events" USING btree ("chain","id");