CREATE TABLE "petition_entity_keys" (
	"key" bigint NOT NULL,
	"petition_id" uuid NOT NULL,
	CONSTRAINT "petition_entity_keys_key_petition_id_pk" PRIMARY KEY("key","petition_id")
);
