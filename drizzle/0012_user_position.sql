ALTER TABLE "users" ADD COLUMN "position" text;--> statement-breakpoint
-- A user who only handles is a body's 承办人; which leader is 分管领导 and which 主要负责人 is for an administrator to say.
UPDATE "users" SET "position" = 'handler' WHERE 'handler' = ANY("roles") AND NOT ('bodyLeader' = ANY("roles"));
