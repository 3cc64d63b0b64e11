CREATE TABLE "portal_query_failures" (
	"key" text PRIMARY KEY NOT NULL,
	"failures" integer NOT NULL,
	"last_failed_at" timestamp with time zone NOT NULL,
	"locked_until" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "rate_limit_hits" (
	"key" text PRIMARY KEY NOT NULL,
	"hits" integer NOT NULL,
	"window_ends_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "cache_versions" (
	"name" text PRIMARY KEY NOT NULL,
	"version" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "overdue_alerts" (
	"matter_id" uuid NOT NULL,
	"clock" text NOT NULL,
	"from_on" date NOT NULL,
	"due_on" date NOT NULL,
	"messages" integer NOT NULL,
	"alerted_at" timestamp with time zone NOT NULL,
	CONSTRAINT "overdue_alerts_matter_id_clock_from_on_pk" PRIMARY KEY("matter_id","clock","from_on")
);
--> statement-breakpoint
ALTER TABLE "overdue_alerts" ADD CONSTRAINT "overdue_alerts_matter_id_matters_id_fk" FOREIGN KEY ("matter_id") REFERENCES "public"."matters"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "rate_limit_hits_window_ends_at_index" ON "rate_limit_hits" USING btree ("window_ends_at");