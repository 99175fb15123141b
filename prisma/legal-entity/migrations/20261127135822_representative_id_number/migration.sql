-- AlterTable
ALTER TABLE "legal_entity" ADD COLUMN     "representative_id_number" CHAR(18);

-- CreateIndex
CREATE INDEX "legal_entity_representative_id_number_idx" ON "legal_entity"("representative_id_number");
