-- AlterTable
ALTER TABLE "scenario" ADD COLUMN     "registered_operations_only" BOOLEAN NOT NULL DEFAULT false;

-- CreateTable
CREATE TABLE "registered_operation" (
    "scenario_code" VARCHAR(64) NOT NULL,
    "id" CHAR(64) NOT NULL,
    "name" VARCHAR(128),
    "document" TEXT NOT NULL,
    "coordinates" TEXT[],
    "registered_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "registered_operation_pkey" PRIMARY KEY ("scenario_code","id")
);

-- AddForeignKey
ALTER TABLE "registered_operation" ADD CONSTRAINT "registered_operation_scenario_code_fkey" FOREIGN KEY ("scenario_code") REFERENCES "scenario"("code") ON DELETE RESTRICT ON UPDATE CASCADE;
