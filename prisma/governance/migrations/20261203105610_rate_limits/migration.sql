-- AlterTable
ALTER TABLE "scenario" ADD COLUMN     "burst" INTEGER,
ADD COLUMN     "requests_per_second" INTEGER,
ADD COLUMN     "rows_per_day" INTEGER;

-- CreateTable
CREATE TABLE "rate_limit" (
    "key" VARCHAR(255) NOT NULL,
    "points" INTEGER NOT NULL DEFAULT 0,
    "expire" BIGINT,

    CONSTRAINT "rate_limit_pkey" PRIMARY KEY ("key")
);
