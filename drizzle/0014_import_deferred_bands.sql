CREATE TABLE "petition_bands_pending" (
	"petition_id" uuid NOT NULL
);
