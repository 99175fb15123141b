-- CreateEnum
CREATE TYPE "StaffRoleKind" AS ENUM ('ADMIN', 'REVIEWER', 'STEWARD', 'AUDITOR', 'DEVELOPER');

-- AlterTable
ALTER TABLE "audit_request" ADD COLUMN     "person" VARCHAR(64);

-- AlterTable
ALTER TABLE "objection" ADD COLUMN     "answered_by_person" VARCHAR(64),
ADD COLUMN     "raised_by_person" VARCHAR(64);

-- AlterTable
ALTER TABLE "quality_issue_event" ADD COLUMN     "person" VARCHAR(64);

-- AlterTable
ALTER TABLE "share_request" ADD COLUMN     "submitted_by_person" VARCHAR(64);

-- AlterTable
ALTER TABLE "share_request_item" ADD COLUMN     "decided_by_person" VARCHAR(64);

-- CreateTable
CREATE TABLE "staff_account" (
    "id" UUID NOT NULL,
    "username" VARCHAR(64) NOT NULL,
    "display_name" VARCHAR(128) NOT NULL,
    "password_hash" TEXT,
    "oidc_issuer" VARCHAR(512),
    "oidc_subject" VARCHAR(255),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "disabled_at" TIMESTAMPTZ(3),

    CONSTRAINT "staff_account_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "staff_role" (
    "id" UUID NOT NULL,
    "account_id" UUID NOT NULL,
    "role" "StaffRoleKind" NOT NULL,
    "department_code" VARCHAR(32),
    "application_ids" UUID[],

    CONSTRAINT "staff_role_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "staff_session" (
    "id" CHAR(64) NOT NULL,
    "account_id" UUID NOT NULL,
    "role" "StaffRoleKind" NOT NULL,
    "department_code" VARCHAR(32),
    "csrf_token" CHAR(43) NOT NULL,
    "method" VARCHAR(16) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL,
    "last_seen_at" TIMESTAMPTZ(3) NOT NULL,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "ended_at" TIMESTAMPTZ(3),

    CONSTRAINT "staff_session_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "staff_account_username_key" ON "staff_account"("username");

-- CreateIndex
CREATE UNIQUE INDEX "staff_account_oidc_issuer_oidc_subject_key" ON "staff_account"("oidc_issuer", "oidc_subject");

-- CreateIndex
CREATE UNIQUE INDEX "staff_role_account_id_role_department_code_key" ON "staff_role"("account_id", "role", "department_code");

-- CreateIndex
CREATE INDEX "staff_session_account_id_idx" ON "staff_session"("account_id");

-- AddForeignKey
ALTER TABLE "staff_role" ADD CONSTRAINT "staff_role_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "staff_account"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "staff_session" ADD CONSTRAINT "staff_session_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "staff_account"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
