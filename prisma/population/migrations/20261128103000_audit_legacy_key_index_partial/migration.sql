-- Records written since `entity_keys` exists leave `entity_key` null, yet this index took an entry for each of
-- them: (entity type, null, seq), which no query reads. Its one use is finding the records written before, by
-- their one key; only those are indexed now (a lookup `entity_key = $1` implies the predicate, so the planner
-- still uses it). Prisma's schema cannot state the predicate; its migration diff ignores it.
DROP INDEX "audit_disclosure_entity_type_entity_key_seq_idx";
CREATE INDEX "audit_disclosure_entity_type_entity_key_seq_idx" ON "audit_disclosure"("entity_type", "entity_key", "seq") WHERE "entity_key" IS NOT NULL;
