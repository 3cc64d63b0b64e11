CREATE TABLE "documents" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"number" text NOT NULL,
	"kind" text NOT NULL,
	"matter_id" uuid NOT NULL,
	"event_seq" integer NOT NULL,
	"issuing_body_id" uuid NOT NULL,
	"recipient_body_id" uuid,
	"issued_on" date NOT NULL,
	"title" text NOT NULL,
	"content" jsonb NOT NULL,
	"for_petitioner" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "routing_models" (
	"version" integer PRIMARY KEY NOT NULL,
	"trained_at" timestamp with time zone NOT NULL,
	"examples" integer NOT NULL,
	"evaluation" jsonb NOT NULL,
	"model" jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "settings" (
	"key" text PRIMARY KEY NOT NULL,
	"value" jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by_user_id" uuid
);
--> statement-breakpoint
ALTER TABLE "bodies" ADD COLUMN "abbreviation" text;--> statement-breakpoint
ALTER TABLE "matters" ADD COLUMN "purpose" text;--> statement-breakpoint
ALTER TABLE "matters" ADD COLUMN "category_path" text[];--> statement-breakpoint
ALTER TABLE "matters" ADD COLUMN "flags" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "documents" ADD CONSTRAINT "documents_matter_id_matters_id_fk" FOREIGN KEY ("matter_id") REFERENCES "public"."matters"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "documents" ADD CONSTRAINT "documents_issuing_body_id_bodies_id_fk" FOREIGN KEY ("issuing_body_id") REFERENCES "public"."bodies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "documents" ADD CONSTRAINT "documents_recipient_body_id_bodies_id_fk" FOREIGN KEY ("recipient_body_id") REFERENCES "public"."bodies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "documents_number_index" ON "documents" USING btree ("number");--> statement-breakpoint
CREATE INDEX "documents_matter_id_index" ON "documents" USING btree ("matter_id");