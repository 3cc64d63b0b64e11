ALTER TABLE "attachments" ADD COLUMN "uploader_ip" text;--> statement-breakpoint
CREATE INDEX "attachments_uploader_ip_created_at_index" ON "attachments" USING btree ("uploader_ip","created_at");--> statement-breakpoint
CREATE INDEX "attachments_unlinked_created_at_idx" ON "attachments" USING btree ("created_at") WHERE "attachments"."petition_id" IS NULL;