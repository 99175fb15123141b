-- AlterTable
ALTER TABLE "person" ADD COLUMN     "record_key" SMALLINT NOT NULL DEFAULT floor((random() * (256)::double precision)),
ADD COLUMN     "residence_township_code" CHAR(9);
