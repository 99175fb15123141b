-- CreateEnum
CREATE TYPE "HolderKind" AS ENUM ('PERSON', 'LEGAL_ENTITY');

-- CreateEnum
CREATE TYPE "LicenseStatus" AS ENUM ('VALID', 'SUSPENDED', 'WITHDRAWN', 'CANCELLED', 'EXPIRED', 'TRANSFERRED_OUT', 'REVOKED', 'OTHER');

-- CreateTable
CREATE TABLE "license_type" (
    "code" VARCHAR(32) NOT NULL,
    "name" VARCHAR(64) NOT NULL,
    "holder_kind" "HolderKind" NOT NULL,
    "issuer_name" VARCHAR(128) NOT NULL,

    CONSTRAINT "license_type_pkey" PRIMARY KEY ("code")
);

-- CreateTable
CREATE TABLE "signing_key" (
    "id" VARCHAR(64) NOT NULL,
    "algorithm" VARCHAR(16) NOT NULL,
    "public_key" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "signing_key_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "license" (
    "id" UUID NOT NULL,
    "identifier" VARCHAR(96) NOT NULL,
    "type_code" VARCHAR(32) NOT NULL,
    "name" VARCHAR(64) NOT NULL,
    "number" VARCHAR(64) NOT NULL,
    "holder_kind" "HolderKind" NOT NULL,
    "holder_id" UUID NOT NULL,
    "holder_name" VARCHAR(128) NOT NULL,
    "holder_identifier" VARCHAR(18) NOT NULL,
    "holder_identifier_type" CHAR(3) NOT NULL,
    "issuer_name" VARCHAR(128) NOT NULL,
    "issuer_code" CHAR(18) NOT NULL,
    "jurisdiction_code" VARCHAR(12) NOT NULL,
    "issued_on" DATE NOT NULL,
    "valid_from" DATE NOT NULL,
    "valid_until" DATE,
    "long_term" BOOLEAN NOT NULL DEFAULT false,
    "status" "LicenseStatus" NOT NULL,
    "replaces_id" UUID,
    "signature" TEXT NOT NULL,
    "signing_key_id" VARCHAR(64) NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "license_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "license_identifier_key" ON "license"("identifier");

-- CreateIndex
CREATE INDEX "license_holder_id_type_code_idx" ON "license"("holder_id", "type_code");

-- CreateIndex
CREATE INDEX "license_holder_identifier_idx" ON "license"("holder_identifier");

-- CreateIndex
CREATE INDEX "license_replaces_id_idx" ON "license"("replaces_id");

-- AddForeignKey
ALTER TABLE "license" ADD CONSTRAINT "license_type_code_fkey" FOREIGN KEY ("type_code") REFERENCES "license_type"("code") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "license" ADD CONSTRAINT "license_replaces_id_fkey" FOREIGN KEY ("replaces_id") REFERENCES "license"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "license" ADD CONSTRAINT "license_signing_key_id_fkey" FOREIGN KEY ("signing_key_id") REFERENCES "signing_key"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
