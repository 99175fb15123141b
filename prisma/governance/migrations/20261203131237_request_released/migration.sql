-- AlterTable
ALTER TABLE "audit_request" ADD COLUMN     "released" VARCHAR(16);
