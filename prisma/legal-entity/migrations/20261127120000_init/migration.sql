-- CreateEnum
CREATE TYPE "EntityKind" AS ENUM ('ENTERPRISE', 'INDIVIDUAL_BUSINESS', 'FARMERS_COOPERATIVE');

-- CreateEnum
CREATE TYPE "EntityStatus" AS ENUM ('ACTIVE', 'REVOKED', 'DEREGISTERED', 'MOVED_OUT');

-- CreateTable
CREATE TABLE "legal_entity" (
    "id" UUID NOT NULL,
    "uscc" CHAR(18) NOT NULL,
    "name" VARCHAR(128) NOT NULL,
    "kind" "EntityKind" NOT NULL,
    "status" "EntityStatus" NOT NULL,
    "representative_id" UUID NOT NULL,
    "registered_capital" DECIMAL(18,2),
    "established_on" DATE NOT NULL,
    "business_scope" TEXT NOT NULL,
    "industry_code" VARCHAR(5) NOT NULL,
    "registered_address_id" UUID NOT NULL,
    "district_code" CHAR(6) NOT NULL,
    "registration_authority" VARCHAR(128) NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "legal_entity_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "legal_entity_uscc_key" ON "legal_entity"("uscc");

-- CreateIndex
CREATE INDEX "legal_entity_representative_id_idx" ON "legal_entity"("representative_id");

-- CreateIndex
CREATE INDEX "legal_entity_district_code_id_idx" ON "legal_entity"("district_code", "id");

-- CreateIndex
CREATE INDEX "legal_entity_name_id_idx" ON "legal_entity"("name", "id");
