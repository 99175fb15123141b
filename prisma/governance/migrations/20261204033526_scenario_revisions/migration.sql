-- CreateTable
CREATE TABLE "scenario_revision" (
    "scenario_code" VARCHAR(64) NOT NULL,
    "version" INTEGER NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,
    "name" VARCHAR(128) NOT NULL,
    "status" VARCHAR(16) NOT NULL,
    "valid_from" TIMESTAMPTZ(3) NOT NULL,
    "valid_until" TIMESTAMPTZ(3),
    "use_reason_required" BOOLEAN NOT NULL,
    "constraints" JSONB NOT NULL,
    "grants" JSONB NOT NULL,
    "application_ids" TEXT[],

    CONSTRAINT "scenario_revision_pkey" PRIMARY KEY ("scenario_code","version")
);

-- The scenario as it stands when a transaction that inserted or changed it commits (a deferred trigger sees
-- the grants and bindings the same transaction wrote), once per version.
CREATE FUNCTION record_scenario_revision() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "scenario_revision" ("scenario_code", "version", "at", "name", "status", "valid_from", "valid_until", "use_reason_required", "constraints", "grants", "application_ids")
  SELECT s."code", s."version", clock_timestamp(), s."name", s."status"::text, s."valid_from", s."valid_until", s."use_reason_required", s."constraints",
         coalesce((SELECT jsonb_agg(jsonb_build_object('coordinate', g."coordinate", 'mask', g."mask", 'expiresAt', g."expires_at") ORDER BY g."coordinate")
                     FROM "grant" g WHERE g."scenario_code" = s."code"), '[]'::jsonb),
         coalesce((SELECT array_agg(b."application_id"::text ORDER BY b."application_id") FROM "scenario_application" b WHERE b."scenario_code" = s."code"), '{}')
    FROM "scenario" s
   WHERE s."code" = NEW."code"
  ON CONFLICT ("scenario_code", "version") DO NOTHING;
  RETURN NULL;
END
$$;

CREATE CONSTRAINT TRIGGER "scenario_revision_on_commit"
  AFTER INSERT OR UPDATE ON "scenario"
  DEFERRABLE INITIALLY DEFERRED
  FOR EACH ROW EXECUTE FUNCTION record_scenario_revision();

-- Scenarios from before: their current version is their first revision on record.
INSERT INTO "scenario_revision" ("scenario_code", "version", "at", "name", "status", "valid_from", "valid_until", "use_reason_required", "constraints", "grants", "application_ids")
SELECT s."code", s."version", s."updated_at", s."name", s."status"::text, s."valid_from", s."valid_until", s."use_reason_required", s."constraints",
       coalesce((SELECT jsonb_agg(jsonb_build_object('coordinate', g."coordinate", 'mask', g."mask", 'expiresAt', g."expires_at") ORDER BY g."coordinate")
                   FROM "grant" g WHERE g."scenario_code" = s."code"), '[]'::jsonb),
       coalesce((SELECT array_agg(b."application_id"::text ORDER BY b."application_id") FROM "scenario_application" b WHERE b."scenario_code" = s."code"), '{}')
  FROM "scenario" s;
