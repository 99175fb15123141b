-- CreateEnum
CREATE TYPE "OpenDataApplicationStatus" AS ENUM ('PENDING', 'APPROVED', 'REFUSED');

-- CreateTable
CREATE TABLE "open_data_application" (
    "id" UUID NOT NULL,
    "organisation_name" VARCHAR(128) NOT NULL,
    "organisation_uscc" CHAR(18) NOT NULL,
    "contact_email" VARCHAR(254) NOT NULL,
    "purpose" TEXT NOT NULL,
    "safeguards" TEXT NOT NULL,
    "agreement_sha256" CHAR(64) NOT NULL,
    "datasets" TEXT[],
    "owner_code" VARCHAR(32) NOT NULL,
    "status" "OpenDataApplicationStatus" NOT NULL DEFAULT 'PENDING',
    "submitted_at" TIMESTAMPTZ(3) NOT NULL,
    "submitted_in_request" VARCHAR(128) NOT NULL,
    "due_on" DATE NOT NULL,
    "until" TIMESTAMPTZ(3) NOT NULL,
    "claim_token_hash" CHAR(64) NOT NULL,
    "reason" TEXT,
    "decided_at" TIMESTAMPTZ(3),
    "decided_by" VARCHAR(64),
    "decided_by_subject" VARCHAR(18),
    "decided_by_person" VARCHAR(64),
    "answer_working_days" INTEGER,
    "late" BOOLEAN NOT NULL DEFAULT false,
    "scenario_code" VARCHAR(64),
    "application_id" UUID,
    "key_claimed_at" TIMESTAMPTZ(3),

    CONSTRAINT "open_data_application_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "open_data_application_owner_code_status_due_on_idx" ON "open_data_application"("owner_code", "status", "due_on");

-- AddForeignKey
ALTER TABLE "open_data_application" ADD CONSTRAINT "open_data_application_owner_code_fkey" FOREIGN KEY ("owner_code") REFERENCES "department"("code") ON DELETE RESTRICT ON UPDATE CASCADE;
