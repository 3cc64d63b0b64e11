CREATE TABLE "petition_bands" (
	"band" bigint NOT NULL,
	"petition_id" uuid NOT NULL,
	CONSTRAINT "petition_bands_band_petition_id_pk" PRIMARY KEY("band","petition_id")
);
--> statement-breakpoint
CREATE TABLE "petition_bands_pending" (
	"petition_id" uuid NOT NULL
);
--> statement-breakpoint
-- The band rows of the petitions already registered (DISTINCT sorts them, so the primary key is filled in order).
INSERT INTO "petition_bands" ("band", "petition_id") SELECT DISTINCT b, p.id FROM "petitions" p, unnest(p.lsh_bands) AS b;--> statement-breakpoint
DROP INDEX "petitioners_id_number_index";--> statement-breakpoint
DROP INDEX "petitioners_phone_index";--> statement-breakpoint
DROP INDEX "petition_matters_matter_id_index";--> statement-breakpoint
DROP INDEX "petitions_lsh_bands_idx";--> statement-breakpoint
CREATE INDEX "petitioners_id_number_id_idx" ON "petitioners" USING btree ("id_number","id");--> statement-breakpoint
CREATE INDEX "petitioners_phone_id_idx" ON "petitioners" USING btree ("phone","id");--> statement-breakpoint
CREATE INDEX "petition_matters_matter_id_petition_id_idx" ON "petition_matters" USING btree ("matter_id","petition_id");