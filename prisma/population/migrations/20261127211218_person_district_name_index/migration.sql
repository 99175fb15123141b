-- CreateIndex
CREATE INDEX "person_residence_district_code_name_idx" ON "person"("residence_district_code", "name");
