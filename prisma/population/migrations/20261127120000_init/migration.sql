-- CreateEnum
CREATE TYPE "Gender" AS ENUM ('MALE', 'FEMALE');

-- CreateEnum
CREATE TYPE "MaritalStatus" AS ENUM ('UNMARRIED', 'MARRIED', 'WIDOWED', 'DIVORCED', 'UNSPECIFIED');

-- CreateTable
CREATE TABLE "person" (
    "id" UUID NOT NULL,
    "id_number" VARCHAR(18) NOT NULL,
    "name" VARCHAR(64) NOT NULL,
    "gender" "Gender" NOT NULL,
    "birth_date" DATE NOT NULL,
    "ethnicity" VARCHAR(16) NOT NULL,
    "nationality" CHAR(3) NOT NULL DEFAULT 'CHN',
    "household_address_id" UUID,
    "household_district_code" CHAR(6) NOT NULL,
    "residence_address_id" UUID,
    "residence_district_code" CHAR(6) NOT NULL,
    "marital_status" "MaritalStatus" NOT NULL,
    "phone" VARCHAR(20),
    "death_date" DATE,
    "father_id" UUID,
    "mother_id" UUID,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "person_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "person_id_number_key" ON "person"("id_number");

-- CreateIndex
CREATE INDEX "person_residence_district_code_id_idx" ON "person"("residence_district_code", "id");

-- CreateIndex
CREATE INDEX "person_birth_date_idx" ON "person"("birth_date");

-- CreateIndex
CREATE INDEX "person_name_id_idx" ON "person"("name", "id");

-- CreateIndex
CREATE INDEX "person_father_id_idx" ON "person"("father_id");

-- CreateIndex
CREATE INDEX "person_mother_id_idx" ON "person"("mother_id");

-- AddForeignKey
ALTER TABLE "person" ADD CONSTRAINT "person_father_id_fkey" FOREIGN KEY ("father_id") REFERENCES "person"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "person" ADD CONSTRAINT "person_mother_id_fkey" FOREIGN KEY ("mother_id") REFERENCES "person"("id") ON DELETE SET NULL ON UPDATE CASCADE;
