-- AlterTable
ALTER TABLE "department" ADD COLUMN     "burst" INTEGER,
ADD COLUMN     "requests_per_second" INTEGER,
ADD COLUMN     "rows_per_day" INTEGER;
