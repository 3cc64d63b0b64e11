DROP INDEX "matter_petitioners_petitioner_id_index";--> statement-breakpoint
CREATE INDEX "matter_petitioners_petitioner_id_matter_id_index" ON "matter_petitioners" USING btree ("petitioner_id","matter_id");--> statement-breakpoint
CREATE INDEX "matters_screening_idx" ON "matters" USING btree ("id","region_code","received_on");