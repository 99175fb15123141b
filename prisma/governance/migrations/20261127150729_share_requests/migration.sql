-- CreateEnum
CREATE TYPE "ShareItemStatus" AS ENUM ('PENDING', 'APPROVED', 'REFUSED');

-- CreateTable
CREATE TABLE "share_request" (
    "id" UUID NOT NULL,
    "scenario_code" VARCHAR(64) NOT NULL,
    "department_code" VARCHAR(32) NOT NULL,
    "application_id" UUID NOT NULL,
    "justification" TEXT NOT NULL,
    "legal_basis" TEXT NOT NULL,
    "submitted_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "share_request_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "share_request_item" (
    "id" UUID NOT NULL,
    "request_id" UUID NOT NULL,
    "coordinate" VARCHAR(128) NOT NULL,
    "owner_code" VARCHAR(32) NOT NULL,
    "sharing" VARCHAR(16) NOT NULL,
    "status" "ShareItemStatus" NOT NULL,
    "reason" TEXT,
    "due_on" DATE,
    "decided_at" TIMESTAMPTZ(3),
    "decided_by" UUID,
    "answer_working_days" INTEGER,
    "late" BOOLEAN NOT NULL DEFAULT false,
    "grant_expires_at" TIMESTAMPTZ(3),

    CONSTRAINT "share_request_item_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "share_request_scenario_code_idx" ON "share_request"("scenario_code");

-- CreateIndex
CREATE INDEX "share_request_department_code_submitted_at_idx" ON "share_request"("department_code", "submitted_at");

-- CreateIndex
CREATE INDEX "share_request_item_request_id_idx" ON "share_request_item"("request_id");

-- CreateIndex
CREATE INDEX "share_request_item_owner_code_status_due_on_idx" ON "share_request_item"("owner_code", "status", "due_on");

-- AddForeignKey
ALTER TABLE "share_request" ADD CONSTRAINT "share_request_scenario_code_fkey" FOREIGN KEY ("scenario_code") REFERENCES "scenario"("code") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "share_request" ADD CONSTRAINT "share_request_department_code_fkey" FOREIGN KEY ("department_code") REFERENCES "department"("code") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "share_request_item" ADD CONSTRAINT "share_request_item_request_id_fkey" FOREIGN KEY ("request_id") REFERENCES "share_request"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "share_request_item" ADD CONSTRAINT "share_request_item_owner_code_fkey" FOREIGN KEY ("owner_code") REFERENCES "department"("code") ON DELETE RESTRICT ON UPDATE CASCADE;
