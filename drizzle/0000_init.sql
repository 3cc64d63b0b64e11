CREATE TABLE "bodies" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"level" text NOT NULL,
	"region_code" text NOT NULL,
	"parent_id" uuid,
	"supervised_region_codes" text[],
	"competence" text[],
	"active" boolean DEFAULT true NOT NULL,
	CONSTRAINT "bodies_code_unique" UNIQUE("code")
);
--> statement-breakpoint
CREATE TABLE "citizens" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"phone" text NOT NULL,
	"id_number" text,
	"password_hash" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "citizens_phone_unique" UNIQUE("phone")
);
--> statement-breakpoint
CREATE TABLE "regions" (
	"code" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"level" text NOT NULL,
	"parent_code" text,
	"population" bigint,
	"gdp_hundred_million_yuan" numeric(14, 2),
	"figures_source" text
);
--> statement-breakpoint
CREATE TABLE "users" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"login" text NOT NULL,
	"display_name" text NOT NULL,
	"password_hash" text NOT NULL,
	"body_id" uuid NOT NULL,
	"roles" text[] NOT NULL,
	"failed_logins" integer DEFAULT 0 NOT NULL,
	"locked_until" timestamp with time zone,
	"disabled" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "users_login_unique" UNIQUE("login")
);
--> statement-breakpoint
CREATE TABLE "api_tokens" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"name" text NOT NULL,
	"token_hash" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_used_at" timestamp with time zone,
	"revoked_at" timestamp with time zone,
	CONSTRAINT "api_tokens_tokenHash_unique" UNIQUE("token_hash")
);
--> statement-breakpoint
CREATE TABLE "sessions" (
	"token_hash" text PRIMARY KEY NOT NULL,
	"principal_kind" text NOT NULL,
	"principal_id" uuid NOT NULL,
	"csrf_token" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"ip" text,
	"user_agent" text
);
--> statement-breakpoint
CREATE TABLE "events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"entity_type" text NOT NULL,
	"entity_id" text NOT NULL,
	"seq" integer NOT NULL,
	"type" text NOT NULL,
	"on_date" date NOT NULL,
	"occurred_at" timestamp with time zone NOT NULL,
	"actor_user_id" uuid,
	"actor_body_id" uuid,
	"actor_roles" text[] DEFAULT '{}'::text[] NOT NULL,
	"payload" jsonb NOT NULL,
	"clock_effects" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"prev_hash" text NOT NULL,
	"hash" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "counters" (
	"key" text PRIMARY KEY NOT NULL,
	"value" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "matter_clocks" (
	"matter_id" uuid NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"from_on" date NOT NULL,
	"unit" text NOT NULL,
	"amount" integer NOT NULL,
	"paused_days" integer DEFAULT 0 NOT NULL,
	"paused" boolean DEFAULT false NOT NULL,
	"due_on" date NOT NULL,
	"stopped_on" date,
	"provisional" boolean NOT NULL,
	CONSTRAINT "matter_clocks_matter_id_name_pk" PRIMARY KEY("matter_id","name")
);
--> statement-breakpoint
CREATE TABLE "matter_petitioners" (
	"matter_id" uuid NOT NULL,
	"petitioner_id" uuid NOT NULL,
	"is_representative" boolean DEFAULT false NOT NULL,
	CONSTRAINT "matter_petitioners_matter_id_petitioner_id_pk" PRIMARY KEY("matter_id","petitioner_id")
);
--> statement-breakpoint
CREATE TABLE "matters" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"number" text NOT NULL,
	"title" text NOT NULL,
	"content" text NOT NULL,
	"channel" text NOT NULL,
	"region_code" text NOT NULL,
	"received_on" date NOT NULL,
	"registering_body_id" uuid NOT NULL,
	"responsible_body_id" uuid,
	"review_body_id" uuid,
	"re_review_body_id" uuid,
	"status" text NOT NULL,
	"procedure" text,
	"state" jsonb NOT NULL,
	"version" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "matters_number_unique" UNIQUE("number")
);
--> statement-breakpoint
CREATE TABLE "petitioners" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"id_number" text,
	"phone" text,
	"address" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "calendar_schedules" (
	"year" integer PRIMARY KEY NOT NULL,
	"schedule" jsonb NOT NULL,
	"source" text NOT NULL,
	"loaded_by" uuid,
	"loaded_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "bodies" ADD CONSTRAINT "bodies_region_code_regions_code_fk" FOREIGN KEY ("region_code") REFERENCES "public"."regions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_body_id_bodies_id_fk" FOREIGN KEY ("body_id") REFERENCES "public"."bodies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "api_tokens" ADD CONSTRAINT "api_tokens_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "matter_clocks" ADD CONSTRAINT "matter_clocks_matter_id_matters_id_fk" FOREIGN KEY ("matter_id") REFERENCES "public"."matters"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "matter_petitioners" ADD CONSTRAINT "matter_petitioners_matter_id_matters_id_fk" FOREIGN KEY ("matter_id") REFERENCES "public"."matters"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "matter_petitioners" ADD CONSTRAINT "matter_petitioners_petitioner_id_petitioners_id_fk" FOREIGN KEY ("petitioner_id") REFERENCES "public"."petitioners"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "matters" ADD CONSTRAINT "matters_registering_body_id_bodies_id_fk" FOREIGN KEY ("registering_body_id") REFERENCES "public"."bodies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "matters" ADD CONSTRAINT "matters_responsible_body_id_bodies_id_fk" FOREIGN KEY ("responsible_body_id") REFERENCES "public"."bodies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "matters" ADD CONSTRAINT "matters_review_body_id_bodies_id_fk" FOREIGN KEY ("review_body_id") REFERENCES "public"."bodies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "matters" ADD CONSTRAINT "matters_re_review_body_id_bodies_id_fk" FOREIGN KEY ("re_review_body_id") REFERENCES "public"."bodies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "bodies_region_code_index" ON "bodies" USING btree ("region_code");--> statement-breakpoint
CREATE INDEX "bodies_parent_id_index" ON "bodies" USING btree ("parent_id");--> statement-breakpoint
CREATE INDEX "regions_parent_code_index" ON "regions" USING btree ("parent_code");--> statement-breakpoint
CREATE INDEX "sessions_principal_id_index" ON "sessions" USING btree ("principal_id");--> statement-breakpoint
CREATE UNIQUE INDEX "events_entity_type_entity_id_seq_index" ON "events" USING btree ("entity_type","entity_id","seq");--> statement-breakpoint
CREATE INDEX "events_actor_body_id_index" ON "events" USING btree ("actor_body_id");--> statement-breakpoint
CREATE INDEX "matter_clocks_due_on_index" ON "matter_clocks" USING btree ("due_on");--> statement-breakpoint
CREATE INDEX "matters_region_code_index" ON "matters" USING btree ("region_code");--> statement-breakpoint
CREATE INDEX "matters_responsible_body_id_index" ON "matters" USING btree ("responsible_body_id");--> statement-breakpoint
CREATE INDEX "matters_registering_body_id_index" ON "matters" USING btree ("registering_body_id");--> statement-breakpoint
CREATE INDEX "matters_status_index" ON "matters" USING btree ("status");--> statement-breakpoint
CREATE INDEX "petitioners_id_number_index" ON "petitioners" USING btree ("id_number");--> statement-breakpoint
CREATE INDEX "petitioners_phone_index" ON "petitioners" USING btree ("phone");