-- CreateEnum
CREATE TYPE "DivisionLevel" AS ENUM ('PROVINCE', 'DISTRICT', 'TOWNSHIP');

-- CreateTable
CREATE TABLE "division" (
    "code" VARCHAR(12) NOT NULL,
    "name" VARCHAR(64) NOT NULL,
    "level" "DivisionLevel" NOT NULL,
    "parent_code" VARCHAR(12),

    CONSTRAINT "division_pkey" PRIMARY KEY ("code")
);

-- CreateTable
CREATE TABLE "address" (
    "id" UUID NOT NULL,
    "division_code" VARCHAR(12) NOT NULL,
    "district_code" CHAR(6) NOT NULL,
    "road" VARCHAR(64) NOT NULL,
    "number" VARCHAR(16) NOT NULL,
    "building" VARCHAR(32),
    "room" VARCHAR(16),
    "full_text" VARCHAR(256) NOT NULL,
    "latitude" DOUBLE PRECISION NOT NULL,
    "longitude" DOUBLE PRECISION NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "address_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "division_parent_code_idx" ON "division"("parent_code");

-- CreateIndex
CREATE INDEX "address_division_code_idx" ON "address"("division_code");

-- CreateIndex
CREATE INDEX "address_latitude_longitude_idx" ON "address"("latitude", "longitude");

-- AddForeignKey
ALTER TABLE "division" ADD CONSTRAINT "division_parent_code_fkey" FOREIGN KEY ("parent_code") REFERENCES "division"("code") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "address" ADD CONSTRAINT "address_division_code_fkey" FOREIGN KEY ("division_code") REFERENCES "division"("code") ON DELETE RESTRICT ON UPDATE CASCADE;
