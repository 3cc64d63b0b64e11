CREATE TABLE "matter_due_tallies" (
	"region_code" text NOT NULL,
	"registering_body_id" uuid NOT NULL,
	"responsible_body_id" uuid,
	"review_body_id" uuid,
	"re_review_body_id" uuid,
	"due_on" date NOT NULL,
	"n" integer NOT NULL,
	CONSTRAINT "matter_due_tallies_key" UNIQUE NULLS NOT DISTINCT("due_on","region_code","registering_body_id","responsible_body_id","review_body_id","re_review_body_id")
);
--> statement-breakpoint
CREATE TABLE "matter_tallies" (
	"region_code" text NOT NULL,
	"registering_body_id" uuid NOT NULL,
	"responsible_body_id" uuid,
	"review_body_id" uuid,
	"re_review_body_id" uuid,
	"status" text NOT NULL,
	"running" boolean NOT NULL,
	"n" integer NOT NULL,
	CONSTRAINT "matter_tallies_key" UNIQUE NULLS NOT DISTINCT("region_code","registering_body_id","responsible_body_id","review_body_id","re_review_body_id","status","running")
);
--> statement-breakpoint
DROP INDEX "matters_responsible_body_id_index";--> statement-breakpoint
DROP INDEX "matters_registering_body_id_index";--> statement-breakpoint
ALTER TABLE "events" ADD COLUMN "chain" smallint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "matters" ADD COLUMN "next_due_on" date;--> statement-breakpoint
CREATE INDEX "events_chain_idx" ON "events" USING btree ("chain","id");--> statement-breakpoint
CREATE INDEX "matter_clocks_late_idx" ON "matter_clocks" USING btree ("matter_id") WHERE "matter_clocks"."kind" = 'deadline' AND "matter_clocks"."stopped_on" > "matter_clocks"."due_on";--> statement-breakpoint
CREATE INDEX "matters_received_idx" ON "matters" USING btree ("received_on" DESC NULLS FIRST,"number" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "matters_responsible_received_idx" ON "matters" USING btree ("responsible_body_id","received_on" DESC NULLS FIRST,"number" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "matters_registering_received_idx" ON "matters" USING btree ("registering_body_id","received_on" DESC NULLS FIRST,"number" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "matters_review_received_idx" ON "matters" USING btree ("review_body_id","received_on" DESC NULLS FIRST,"number" DESC NULLS FIRST) WHERE "matters"."review_body_id" IS NOT NULL;--> statement-breakpoint
CREATE INDEX "matters_re_review_received_idx" ON "matters" USING btree ("re_review_body_id","received_on" DESC NULLS FIRST,"number" DESC NULLS FIRST) WHERE "matters"."re_review_body_id" IS NOT NULL;--> statement-breakpoint
CREATE INDEX "matters_triage_idx" ON "matters" USING btree ("registering_body_id",coalesce("next_due_on", '9999-12-31'::date),"received_on","number") WHERE "matters"."status" IN ('registered', 'returnRequested');--> statement-breakpoint
CREATE INDEX "matters_next_due_idx" ON "matters" USING btree ("next_due_on") WHERE "matters"."next_due_on" IS NOT NULL;
--> statement-breakpoint
-- matters.next_due_on follows the matter's clock rows: the nearest due date of a running deadline (not stopped, not
-- paused). Statement-level, so the importer's multi-row inserts pay one UPDATE per statement, not one per row.
CREATE OR REPLACE FUNCTION matters_follow_clocks() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    UPDATE matters m SET next_due_on = d.due
    FROM (SELECT a.matter_id, (SELECT min(c.due_on) FROM matter_clocks c WHERE c.matter_id = a.matter_id AND c.kind = 'deadline' AND c.stopped_on IS NULL AND NOT c.paused) AS due
          FROM (SELECT DISTINCT matter_id FROM old_clocks) a) d
    WHERE m.id = d.matter_id AND m.next_due_on IS DISTINCT FROM d.due;
  ELSE
    UPDATE matters m SET next_due_on = d.due
    FROM (SELECT a.matter_id, (SELECT min(c.due_on) FROM matter_clocks c WHERE c.matter_id = a.matter_id AND c.kind = 'deadline' AND c.stopped_on IS NULL AND NOT c.paused) AS due
          FROM (SELECT DISTINCT matter_id FROM new_clocks) a) d
    WHERE m.id = d.matter_id AND m.next_due_on IS DISTINCT FROM d.due;
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER matter_clocks_insert_due AFTER INSERT ON matter_clocks REFERENCING NEW TABLE AS new_clocks FOR EACH STATEMENT EXECUTE FUNCTION matters_follow_clocks();
--> statement-breakpoint
CREATE TRIGGER matter_clocks_update_due AFTER UPDATE ON matter_clocks REFERENCING NEW TABLE AS new_clocks FOR EACH STATEMENT EXECUTE FUNCTION matters_follow_clocks();
--> statement-breakpoint
CREATE TRIGGER matter_clocks_delete_due AFTER DELETE ON matter_clocks REFERENCING OLD TABLE AS old_clocks FOR EACH STATEMENT EXECUTE FUNCTION matters_follow_clocks();
--> statement-breakpoint
-- The tallies follow the matters: +1 under the new key, -1 under the old, only for rows whose key changed, in key
-- order (two transactions touching the same tallies lock them in the same order: no deadlock between them).
CREATE OR REPLACE FUNCTION matter_tallies_follow() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  delta text;
  changed constant text := '(o.region_code, o.registering_body_id, o.responsible_body_id, o.review_body_id, o.re_review_body_id, o.status, o.next_due_on)
    IS DISTINCT FROM (n.region_code, n.registering_body_id, n.responsible_body_id, n.review_body_id, n.re_review_body_id, n.status, n.next_due_on)';
BEGIN
  IF TG_OP = 'INSERT' THEN
    delta := 'SELECT region_code, registering_body_id, responsible_body_id, review_body_id, re_review_body_id, status, next_due_on, 1 AS d FROM new_matters';
  ELSIF TG_OP = 'DELETE' THEN
    delta := 'SELECT region_code, registering_body_id, responsible_body_id, review_body_id, re_review_body_id, status, next_due_on, -1 AS d FROM old_matters';
  ELSE
    delta := 'SELECT o.region_code, o.registering_body_id, o.responsible_body_id, o.review_body_id, o.re_review_body_id, o.status, o.next_due_on, -1 AS d
      FROM old_matters o JOIN new_matters n ON n.id = o.id WHERE ' || changed || '
      UNION ALL
      SELECT n.region_code, n.registering_body_id, n.responsible_body_id, n.review_body_id, n.re_review_body_id, n.status, n.next_due_on, 1
      FROM old_matters o JOIN new_matters n ON n.id = o.id WHERE ' || changed;
  END IF;
  EXECUTE 'WITH delta AS MATERIALIZED (' || delta || '),
    counts AS (
      INSERT INTO matter_tallies AS t (region_code, registering_body_id, responsible_body_id, review_body_id, re_review_body_id, status, running, n)
      SELECT region_code, registering_body_id, responsible_body_id, review_body_id, re_review_body_id, status, next_due_on IS NOT NULL, sum(d)
      FROM delta GROUP BY 1, 2, 3, 4, 5, 6, 7 HAVING sum(d) <> 0 ORDER BY 1, 2, 3, 4, 5, 6, 7
      ON CONFLICT ON CONSTRAINT matter_tallies_key DO UPDATE SET n = t.n + excluded.n
      RETURNING 1)
    INSERT INTO matter_due_tallies AS t (due_on, region_code, registering_body_id, responsible_body_id, review_body_id, re_review_body_id, n)
    SELECT next_due_on, region_code, registering_body_id, responsible_body_id, review_body_id, re_review_body_id, sum(d)
    FROM delta WHERE next_due_on IS NOT NULL GROUP BY 1, 2, 3, 4, 5, 6 HAVING sum(d) <> 0 ORDER BY 1, 2, 3, 4, 5, 6
    ON CONFLICT ON CONSTRAINT matter_due_tallies_key DO UPDATE SET n = t.n + excluded.n';
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER matters_insert_tally AFTER INSERT ON matters REFERENCING NEW TABLE AS new_matters FOR EACH STATEMENT EXECUTE FUNCTION matter_tallies_follow();
--> statement-breakpoint
CREATE TRIGGER matters_update_tally AFTER UPDATE ON matters REFERENCING OLD TABLE AS old_matters NEW TABLE AS new_matters FOR EACH STATEMENT EXECUTE FUNCTION matter_tallies_follow();
--> statement-breakpoint
CREATE TRIGGER matters_delete_tally AFTER DELETE ON matters REFERENCING OLD TABLE AS old_matters FOR EACH STATEMENT EXECUTE FUNCTION matter_tallies_follow();
--> statement-breakpoint
-- Existing matters: their nearest due date, then their tallies.
UPDATE matters m SET next_due_on = c.due
FROM (SELECT matter_id, min(due_on) AS due FROM matter_clocks WHERE kind = 'deadline' AND stopped_on IS NULL AND NOT paused GROUP BY matter_id) c
WHERE m.id = c.matter_id;
--> statement-breakpoint
DELETE FROM matter_tallies;
--> statement-breakpoint
DELETE FROM matter_due_tallies;
--> statement-breakpoint
INSERT INTO matter_tallies (region_code, registering_body_id, responsible_body_id, review_body_id, re_review_body_id, status, running, n)
SELECT region_code, registering_body_id, responsible_body_id, review_body_id, re_review_body_id, status, next_due_on IS NOT NULL, count(*)
FROM matters GROUP BY 1, 2, 3, 4, 5, 6, 7;
--> statement-breakpoint
INSERT INTO matter_due_tallies (due_on, region_code, registering_body_id, responsible_body_id, review_body_id, re_review_body_id, n)
SELECT next_due_on, region_code, registering_body_id, responsible_body_id, review_body_id, re_review_body_id, count(*)
FROM matters WHERE next_due_on IS NOT NULL GROUP BY 1, 2, 3, 4, 5, 6;
