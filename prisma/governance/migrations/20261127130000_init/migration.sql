-- CreateEnum
CREATE TYPE "ScenarioStatus" AS ENUM ('ACTIVE', 'SUSPENDED');

-- CreateEnum
CREATE TYPE "Mask" AS ENUM ('ID_NUMBER', 'PHONE', 'NAME', 'ADDRESS');

-- CreateTable
CREATE TABLE "department" (
    "code" VARCHAR(32) NOT NULL,
    "name" VARCHAR(128) NOT NULL,

    CONSTRAINT "department_pkey" PRIMARY KEY ("code")
);

-- CreateTable
CREATE TABLE "application" (
    "id" UUID NOT NULL,
    "name" VARCHAR(128) NOT NULL,
    "department_code" VARCHAR(32) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "application_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "api_key" (
    "id" UUID NOT NULL,
    "application_id" UUID NOT NULL,
    "prefix" VARCHAR(16) NOT NULL,
    "hash" CHAR(64) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "revoked_at" TIMESTAMPTZ(3),

    CONSTRAINT "api_key_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "scenario" (
    "code" VARCHAR(64) NOT NULL,
    "name" VARCHAR(128) NOT NULL,
    "purpose" TEXT NOT NULL,
    "legal_basis" TEXT NOT NULL,
    "department_code" VARCHAR(32) NOT NULL,
    "valid_from" TIMESTAMPTZ(3) NOT NULL,
    "valid_until" TIMESTAMPTZ(3),
    "status" "ScenarioStatus" NOT NULL DEFAULT 'ACTIVE',
    "use_reason_required" BOOLEAN NOT NULL DEFAULT false,
    "constraints" JSONB NOT NULL DEFAULT '{}',
    "version" INTEGER NOT NULL DEFAULT 1,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "scenario_pkey" PRIMARY KEY ("code")
);

-- CreateTable
CREATE TABLE "scenario_application" (
    "scenario_code" VARCHAR(64) NOT NULL,
    "application_id" UUID NOT NULL,

    CONSTRAINT "scenario_application_pkey" PRIMARY KEY ("scenario_code","application_id")
);

-- CreateTable
CREATE TABLE "grant" (
    "scenario_code" VARCHAR(64) NOT NULL,
    "coordinate" VARCHAR(128) NOT NULL,
    "mask" "Mask",
    "expires_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "grant_pkey" PRIMARY KEY ("scenario_code","coordinate")
);

-- CreateIndex
CREATE UNIQUE INDEX "api_key_hash_key" ON "api_key"("hash");

-- CreateIndex
CREATE INDEX "api_key_application_id_idx" ON "api_key"("application_id");

-- CreateIndex
CREATE INDEX "scenario_application_application_id_idx" ON "scenario_application"("application_id");

-- AddForeignKey
ALTER TABLE "application" ADD CONSTRAINT "application_department_code_fkey" FOREIGN KEY ("department_code") REFERENCES "department"("code") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "api_key" ADD CONSTRAINT "api_key_application_id_fkey" FOREIGN KEY ("application_id") REFERENCES "application"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "scenario" ADD CONSTRAINT "scenario_department_code_fkey" FOREIGN KEY ("department_code") REFERENCES "department"("code") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "scenario_application" ADD CONSTRAINT "scenario_application_scenario_code_fkey" FOREIGN KEY ("scenario_code") REFERENCES "scenario"("code") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "scenario_application" ADD CONSTRAINT "scenario_application_application_id_fkey" FOREIGN KEY ("application_id") REFERENCES "application"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "grant" ADD CONSTRAINT "grant_scenario_code_fkey" FOREIGN KEY ("scenario_code") REFERENCES "scenario"("code") ON DELETE RESTRICT ON UPDATE CASCADE;
