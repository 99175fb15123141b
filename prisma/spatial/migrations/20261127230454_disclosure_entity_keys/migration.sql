-- AlterTable
ALTER TABLE "audit_disclosure" ADD COLUMN     "entity_keys" TEXT[],
ALTER COLUMN "entity_key" DROP NOT NULL;

-- CreateIndex
CREATE INDEX "audit_disclosure_entity_keys_idx" ON "audit_disclosure" USING GIN ("entity_keys");

-- A record names what it disclosed one way: one key (records written before this migration) or a
-- non-empty list of keys (since). The hash chain covers whichever it is.
ALTER TABLE "audit_disclosure" ADD CONSTRAINT "audit_disclosure_one_key_form"
  CHECK (num_nonnulls("entity_key", "entity_keys") = 1 AND coalesce(cardinality("entity_keys"), 1) > 0);
