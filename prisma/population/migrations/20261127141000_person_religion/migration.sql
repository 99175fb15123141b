-- AlterTable
ALTER TABLE "person" ADD COLUMN     "religion" VARCHAR(16);
