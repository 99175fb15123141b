-- AlterTable
ALTER TABLE "audit_disclosure" ADD COLUMN     "entity_keys" TEXT[],
ALTER COLUMN "entity_key" DROP NOT NULL;

-- CreateIndex
CREATE INDEX "audit_disclosure_entity_keys_idx" ON "audit_disclosure" USING GIN ("entity_keys");

-- A record names what it disclosed one way: one key (records written before this migration) or a
-- non-empty list of keys (since). The hash chain covers whichever it is.
ALTER TABLE "audit_disclosure" ADD CONSTRAINT "audit_disclosure_one_key_form"
  CHECK (num_nonnulls("entity_key", "entity_keys") = 1 AND coalesce(cardinality("entity_keys"), 1) > 0);

-- The disclosure logs' `entityKey` field became `entityKeys` (one disclosure record now names every record
-- read alike). A scenario granted the old field is granted the new one in its place, and its version moves
-- on so that gateways and subgraphs drop decisions cached under the old grants.
UPDATE "scenario" SET "version" = "version" + 1
WHERE "code" IN (
  SELECT "scenario_code" FROM "grant"
  WHERE "coordinate" IN ('PopulationDisclosure.entityKey', 'LegalEntityDisclosure.entityKey', 'SpatialDisclosure.entityKey', 'LicenseDisclosure.entityKey')
);

UPDATE "grant" SET "coordinate" = "coordinate" || 's'
WHERE "coordinate" IN ('PopulationDisclosure.entityKey', 'LegalEntityDisclosure.entityKey', 'SpatialDisclosure.entityKey', 'LicenseDisclosure.entityKey');
