-- CreateEnum
CREATE TYPE "StatisticsReleaseStatus" AS ENUM ('HELD', 'RELEASED', 'REFUSED');

-- CreateTable
CREATE TABLE "statistics_release" (
    "id" UUID NOT NULL,
    "requested_at" TIMESTAMPTZ(3) NOT NULL,
    "requested_by" VARCHAR(64) NOT NULL,
    "scenario" VARCHAR(64) NOT NULL,
    "requested_in_request" VARCHAR(128) NOT NULL,
    "breakdown" TEXT[],
    "district_code" CHAR(6),
    "threshold" INTEGER NOT NULL,
    "content" JSONB NOT NULL,
    "cells_below_default" INTEGER NOT NULL,
    "exactly_disclosed" INTEGER NOT NULL,
    "status" "StatisticsReleaseStatus" NOT NULL DEFAULT 'HELD',
    "reason" TEXT,
    "decided_at" TIMESTAMPTZ(3),
    "decided_by" VARCHAR(64),
    "decided_by_subject" VARCHAR(18),
    "decided_by_person" VARCHAR(64),

    CONSTRAINT "statistics_release_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "statistics_release_status_requested_at_idx" ON "statistics_release"("status", "requested_at");
