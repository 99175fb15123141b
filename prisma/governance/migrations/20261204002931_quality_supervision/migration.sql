-- CreateEnum
CREATE TYPE "QualityRunStatus" AS ENUM ('REQUESTED', 'RUNNING', 'SUCCEEDED', 'FAILED');

-- CreateEnum
CREATE TYPE "QualityRunTrigger" AS ENUM ('SCHEDULE', 'ADMIN');

-- CreateEnum
CREATE TYPE "QualityIssueState" AS ENUM ('OPEN', 'ACKNOWLEDGED', 'FIXED', 'VERIFIED', 'DISPUTED');

-- CreateEnum
CREATE TYPE "ObjectionStatus" AS ENUM ('PENDING', 'CORRECTED', 'REJECTED');

-- CreateTable
CREATE TABLE "quality_run" (
    "id" UUID NOT NULL,
    "status" "QualityRunStatus" NOT NULL DEFAULT 'REQUESTED',
    "trigger" "QualityRunTrigger" NOT NULL,
    "requested_by" UUID,
    "requested_in_request" VARCHAR(128),
    "requested_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "started_at" TIMESTAMPTZ(3),
    "finished_at" TIMESTAMPTZ(3),
    "as_of" DATE,
    "ruleset_version" VARCHAR(32),
    "progress" JSONB NOT NULL DEFAULT '{}',
    "failure" TEXT,

    CONSTRAINT "quality_run_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "quality_result" (
    "run_id" UUID NOT NULL,
    "rule_code" VARCHAR(96) NOT NULL,
    "dimension" VARCHAR(16) NOT NULL,
    "item" VARCHAR(128) NOT NULL,
    "database" VARCHAR(32) NOT NULL,
    "table" VARCHAR(64) NOT NULL,
    "department_code" VARCHAR(32) NOT NULL,
    "checked" INTEGER NOT NULL,
    "failed" INTEGER NOT NULL,

    CONSTRAINT "quality_result_pkey" PRIMARY KEY ("run_id","rule_code")
);

-- CreateTable
CREATE TABLE "quality_issue" (
    "id" UUID NOT NULL,
    "rule_code" VARCHAR(96) NOT NULL,
    "dimension" VARCHAR(16) NOT NULL,
    "item" VARCHAR(128) NOT NULL,
    "database" VARCHAR(32) NOT NULL,
    "table" VARCHAR(64) NOT NULL,
    "department_code" VARCHAR(32) NOT NULL,
    "state" "QualityIssueState" NOT NULL DEFAULT 'OPEN',
    "failed" INTEGER NOT NULL,
    "failing_keys" TEXT[],
    "checked" INTEGER NOT NULL,
    "opened_run_id" UUID NOT NULL,
    "last_run_id" UUID NOT NULL,
    "opened_at" TIMESTAMPTZ(3) NOT NULL,
    "due_on" DATE NOT NULL,
    "note" TEXT,
    "closed_at" TIMESTAMPTZ(3),

    CONSTRAINT "quality_issue_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "quality_issue_event" (
    "seq" BIGSERIAL NOT NULL,
    "issue_id" UUID NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,
    "state" "QualityIssueState" NOT NULL,
    "application" UUID,
    "subject" VARCHAR(18),
    "request_id" VARCHAR(128),
    "note" TEXT,

    CONSTRAINT "quality_issue_event_pkey" PRIMARY KEY ("seq")
);

-- CreateTable
CREATE TABLE "objection" (
    "id" UUID NOT NULL,
    "coordinate" VARCHAR(128) NOT NULL,
    "owner_code" VARCHAR(32) NOT NULL,
    "record_id" VARCHAR(128) NOT NULL,
    "reason" TEXT NOT NULL,
    "proposed_value" VARCHAR(500),
    "status" "ObjectionStatus" NOT NULL DEFAULT 'PENDING',
    "raised_by" UUID NOT NULL,
    "raised_by_department" VARCHAR(32) NOT NULL,
    "raised_by_scenario" VARCHAR(64),
    "raised_by_subject" VARCHAR(18),
    "raised_in_request" VARCHAR(128),
    "raised_at" TIMESTAMPTZ(3) NOT NULL,
    "due_on" DATE NOT NULL,
    "answer" TEXT,
    "answered_at" TIMESTAMPTZ(3),
    "answered_by" UUID,
    "answered_by_scenario" VARCHAR(64),
    "answered_by_subject" VARCHAR(18),
    "answered_in_request" VARCHAR(128),
    "answer_working_days" INTEGER,
    "late" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "objection_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "quality_run_status_requested_at_idx" ON "quality_run"("status", "requested_at");

-- CreateIndex
CREATE INDEX "quality_run_requested_at_idx" ON "quality_run"("requested_at");

-- CreateIndex
CREATE INDEX "quality_result_rule_code_run_id_idx" ON "quality_result"("rule_code", "run_id");

-- CreateIndex
CREATE INDEX "quality_issue_department_code_state_due_on_idx" ON "quality_issue"("department_code", "state", "due_on");

-- CreateIndex
CREATE INDEX "quality_issue_rule_code_state_idx" ON "quality_issue"("rule_code", "state");

-- CreateIndex
CREATE INDEX "quality_issue_event_issue_id_seq_idx" ON "quality_issue_event"("issue_id", "seq");

-- CreateIndex
CREATE INDEX "objection_owner_code_status_due_on_idx" ON "objection"("owner_code", "status", "due_on");

-- CreateIndex
CREATE INDEX "objection_raised_by_department_raised_at_idx" ON "objection"("raised_by_department", "raised_at");

-- AddForeignKey
ALTER TABLE "quality_result" ADD CONSTRAINT "quality_result_run_id_fkey" FOREIGN KEY ("run_id") REFERENCES "quality_run"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "quality_issue" ADD CONSTRAINT "quality_issue_department_code_fkey" FOREIGN KEY ("department_code") REFERENCES "department"("code") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "quality_issue_event" ADD CONSTRAINT "quality_issue_event_issue_id_fkey" FOREIGN KEY ("issue_id") REFERENCES "quality_issue"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "objection" ADD CONSTRAINT "objection_owner_code_fkey" FOREIGN KEY ("owner_code") REFERENCES "department"("code") ON DELETE RESTRICT ON UPDATE CASCADE;
