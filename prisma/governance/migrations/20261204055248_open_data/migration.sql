-- AlterTable
ALTER TABLE "audit_request" ADD COLUMN     "client" VARCHAR(64);
