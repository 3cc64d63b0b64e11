CREATE TABLE "attachments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"petition_id" uuid,
	"file_name" text NOT NULL,
	"media_type" text NOT NULL,
	"size" integer NOT NULL,
	"sha256" text NOT NULL,
	"storage_key" text NOT NULL,
	"uploaded_by_user_id" uuid,
	"uploaded_via" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "petition_matters" (
	"petition_id" uuid NOT NULL,
	"matter_id" uuid NOT NULL,
	"relation" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "petition_matters_petition_id_matter_id_pk" PRIMARY KEY("petition_id","matter_id")
);
--> statement-breakpoint
CREATE TABLE "petition_petitioners" (
	"petition_id" uuid NOT NULL,
	"petitioner_id" uuid NOT NULL,
	"name_as_given" text NOT NULL,
	"is_representative" boolean DEFAULT false NOT NULL,
	CONSTRAINT "petition_petitioners_petition_id_petitioner_id_pk" PRIMARY KEY("petition_id","petitioner_id")
);
--> statement-breakpoint
CREATE TABLE "petitioner_group_members" (
	"group_id" uuid NOT NULL,
	"petitioner_id" uuid NOT NULL,
	CONSTRAINT "petitioner_group_members_group_id_petitioner_id_pk" PRIMARY KEY("group_id","petitioner_id")
);
--> statement-breakpoint
CREATE TABLE "petitioner_groups" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"region_code" text,
	"note" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "petitions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"number" text NOT NULL,
	"external_id" text,
	"channel" text NOT NULL,
	"received_at" timestamp with time zone NOT NULL,
	"received_on" date NOT NULL,
	"region_code" text NOT NULL,
	"registering_body_id" uuid NOT NULL,
	"registered_by_user_id" uuid,
	"source" text NOT NULL,
	"title" text NOT NULL,
	"content" text NOT NULL,
	"respondent" text,
	"place" text,
	"collective" boolean DEFAULT false NOT NULL,
	"people_count" integer DEFAULT 1 NOT NULL,
	"details" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"lsh_bands" bigint[] DEFAULT '{}'::bigint[] NOT NULL,
	"query_code_hash" text,
	"group_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "petitions_number_unique" UNIQUE("number")
);
--> statement-breakpoint
ALTER TABLE "matters" ADD COLUMN "external_key" text;--> statement-breakpoint
ALTER TABLE "matters" ADD COLUMN "respondent" text;--> statement-breakpoint
ALTER TABLE "matters" ADD COLUMN "place" text;--> statement-breakpoint
ALTER TABLE "matters" ADD COLUMN "category" text;--> statement-breakpoint
ALTER TABLE "petitioners" ADD COLUMN "merged_into_id" uuid;--> statement-breakpoint
ALTER TABLE "attachments" ADD CONSTRAINT "attachments_petition_id_petitions_id_fk" FOREIGN KEY ("petition_id") REFERENCES "public"."petitions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "attachments" ADD CONSTRAINT "attachments_uploaded_by_user_id_users_id_fk" FOREIGN KEY ("uploaded_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "petition_matters" ADD CONSTRAINT "petition_matters_petition_id_petitions_id_fk" FOREIGN KEY ("petition_id") REFERENCES "public"."petitions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "petition_matters" ADD CONSTRAINT "petition_matters_matter_id_matters_id_fk" FOREIGN KEY ("matter_id") REFERENCES "public"."matters"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "petition_petitioners" ADD CONSTRAINT "petition_petitioners_petition_id_petitions_id_fk" FOREIGN KEY ("petition_id") REFERENCES "public"."petitions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "petition_petitioners" ADD CONSTRAINT "petition_petitioners_petitioner_id_petitioners_id_fk" FOREIGN KEY ("petitioner_id") REFERENCES "public"."petitioners"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "petitioner_group_members" ADD CONSTRAINT "petitioner_group_members_group_id_petitioner_groups_id_fk" FOREIGN KEY ("group_id") REFERENCES "public"."petitioner_groups"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "petitioner_group_members" ADD CONSTRAINT "petitioner_group_members_petitioner_id_petitioners_id_fk" FOREIGN KEY ("petitioner_id") REFERENCES "public"."petitioners"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "petitions" ADD CONSTRAINT "petitions_registering_body_id_bodies_id_fk" FOREIGN KEY ("registering_body_id") REFERENCES "public"."bodies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "petitions" ADD CONSTRAINT "petitions_registered_by_user_id_users_id_fk" FOREIGN KEY ("registered_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "petitions" ADD CONSTRAINT "petitions_group_id_petitioner_groups_id_fk" FOREIGN KEY ("group_id") REFERENCES "public"."petitioner_groups"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "attachments_petition_id_index" ON "attachments" USING btree ("petition_id");--> statement-breakpoint
CREATE INDEX "attachments_sha256_index" ON "attachments" USING btree ("sha256");--> statement-breakpoint
CREATE INDEX "petition_matters_matter_id_index" ON "petition_matters" USING btree ("matter_id");--> statement-breakpoint
CREATE INDEX "petition_petitioners_petitioner_id_index" ON "petition_petitioners" USING btree ("petitioner_id");--> statement-breakpoint
CREATE INDEX "petitioner_group_members_petitioner_id_index" ON "petitioner_group_members" USING btree ("petitioner_id");--> statement-breakpoint
CREATE UNIQUE INDEX "petitions_external_id_index" ON "petitions" USING btree ("external_id");--> statement-breakpoint
CREATE UNIQUE INDEX "petitions_query_code_hash_index" ON "petitions" USING btree ("query_code_hash");--> statement-breakpoint
CREATE INDEX "petitions_received_on_index" ON "petitions" USING btree ("received_on");--> statement-breakpoint
CREATE INDEX "petitions_region_code_index" ON "petitions" USING btree ("region_code");--> statement-breakpoint
CREATE INDEX "petitions_lsh_bands_idx" ON "petitions" USING gin ("lsh_bands") WITH (fastupdate=false);--> statement-breakpoint
CREATE UNIQUE INDEX "matters_external_key_index" ON "matters" USING btree ("external_key");--> statement-breakpoint
CREATE UNIQUE INDEX "petitioners_live_id_number_idx" ON "petitioners" USING btree ("id_number") WHERE "petitioners"."id_number" is not null and "petitioners"."merged_into_id" is null;--> statement-breakpoint
CREATE INDEX "petitioners_name_prefix_idx" ON "petitioners" USING btree ("name" text_pattern_ops);