CREATE TABLE "routing_suggestions" (
	"matter_id" uuid PRIMARY KEY NOT NULL,
	"matter_version" integer NOT NULL,
	"model_version" integer NOT NULL,
	"suggestions" jsonb NOT NULL,
	"computed_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "routing_suggestions" ADD CONSTRAINT "routing_suggestions_matter_id_matters_id_fk" FOREIGN KEY ("matter_id") REFERENCES "public"."matters"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
-- Stored suggestions depend on the bodies (names, kinds, competence, whether active) and on the category tree: any
-- change to either forgets them all, in the changing transaction, and the next read of the queue scores again.
CREATE OR REPLACE FUNCTION routing_suggestions_forget() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM routing_suggestions;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER bodies_forget_routing_suggestions AFTER INSERT OR UPDATE OR DELETE ON bodies FOR EACH STATEMENT EXECUTE FUNCTION routing_suggestions_forget();
--> statement-breakpoint
CREATE TRIGGER settings_forget_routing_suggestions AFTER INSERT OR UPDATE ON settings FOR EACH ROW WHEN (NEW.key = 'categoryTree') EXECUTE FUNCTION routing_suggestions_forget();
