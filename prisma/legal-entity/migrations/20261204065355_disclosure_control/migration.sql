-- AlterTable
ALTER TABLE "legal_entity" ADD COLUMN     "record_key" SMALLINT NOT NULL DEFAULT floor((random() * (256)::double precision));
