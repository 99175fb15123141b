-- CreateTable
CREATE TABLE "audit_disclosure" (
    "seq" BIGINT NOT NULL,
    "request_id" VARCHAR(128) NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,
    "app" VARCHAR(64),
    "department" VARCHAR(32),
    "scenario" VARCHAR(64),
    "grant_version" INTEGER,
    "subject" VARCHAR(18),
    "use_reason" VARCHAR(200),
    "entity_type" VARCHAR(64) NOT NULL,
    "entity_key" VARCHAR(128) NOT NULL,
    "fields" TEXT[],
    "masked_fields" TEXT[],
    "prev_hash" CHAR(64) NOT NULL,
    "hash" CHAR(64) NOT NULL,

    CONSTRAINT "audit_disclosure_pkey" PRIMARY KEY ("seq")
);

-- CreateTable
CREATE TABLE "audit_chain" (
    "name" VARCHAR(64) NOT NULL,
    "last_seq" BIGINT NOT NULL,
    "last_hash" CHAR(64) NOT NULL,

    CONSTRAINT "audit_chain_pkey" PRIMARY KEY ("name")
);

-- CreateIndex
CREATE INDEX "audit_disclosure_entity_type_entity_key_seq_idx" ON "audit_disclosure"("entity_type", "entity_key", "seq");

-- CreateIndex
CREATE INDEX "audit_disclosure_request_id_idx" ON "audit_disclosure"("request_id");

-- CreateIndex
CREATE INDEX "audit_disclosure_app_seq_idx" ON "audit_disclosure"("app", "seq");

-- CreateIndex
CREATE INDEX "audit_disclosure_scenario_seq_idx" ON "audit_disclosure"("scenario", "seq");

-- CreateIndex
CREATE INDEX "audit_disclosure_subject_seq_idx" ON "audit_disclosure"("subject", "seq");

-- CreateIndex
CREATE INDEX "audit_disclosure_at_idx" ON "audit_disclosure"("at");

-- Audit records are append-only: ordinary writes cannot change or remove them. (Someone able to drop
-- this trigger could; the hash chain is what detects that - `civicgraph audit verify`.)
CREATE FUNCTION audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit records are append-only (%.%)', TG_TABLE_NAME, TG_OP;
END
$$;

CREATE TRIGGER audit_disclosure_append_only BEFORE UPDATE OR DELETE ON "audit_disclosure" FOR EACH ROW EXECUTE FUNCTION audit_append_only();
CREATE TRIGGER audit_disclosure_no_truncate BEFORE TRUNCATE ON "audit_disclosure" FOR EACH STATEMENT EXECUTE FUNCTION audit_append_only();
