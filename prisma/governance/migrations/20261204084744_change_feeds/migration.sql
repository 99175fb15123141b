-- CreateTable
CREATE TABLE "change_subscription" (
    "id" UUID NOT NULL,
    "application_id" UUID NOT NULL,
    "scenario_code" VARCHAR(64) NOT NULL,
    "owner" VARCHAR(32) NOT NULL,
    "entity_types" TEXT[],
    "operations" TEXT[],
    "delivery" VARCHAR(8) NOT NULL,
    "endpoint" TEXT,
    "payload" VARCHAR(4) NOT NULL,
    "status" VARCHAR(9) NOT NULL DEFAULT 'ACTIVE',
    "status_reason" TEXT,
    "secret" VARCHAR(64) NOT NULL,
    "previous_secret" VARCHAR(64),
    "previous_secret_until" TIMESTAMPTZ(3),
    "position" BIGINT NOT NULL DEFAULT 0,
    "next_sequence" BIGINT NOT NULL DEFAULT 1,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "created_by" VARCHAR(64),

    CONSTRAINT "change_subscription_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "change_event" (
    "subscription_id" UUID NOT NULL,
    "sequence" BIGINT NOT NULL,
    "outbox_seq" BIGINT NOT NULL,
    "entity_type" VARCHAR(64) NOT NULL,
    "entity_key" VARCHAR(128) NOT NULL,
    "operation" VARCHAR(8) NOT NULL,
    "changed_fields" TEXT[],
    "occurred_at" TIMESTAMPTZ(3) NOT NULL,
    "status" VARCHAR(9) NOT NULL DEFAULT 'PENDING',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "next_attempt_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "delivered_at" TIMESTAMPTZ(3),
    "replay" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "change_event_pkey" PRIMARY KEY ("subscription_id","sequence")
);

-- CreateTable
CREATE TABLE "change_attempt" (
    "id" BIGSERIAL NOT NULL,
    "subscription_id" UUID NOT NULL,
    "sequence" BIGINT NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,
    "request_id" VARCHAR(128),
    "outcome" VARCHAR(9) NOT NULL,
    "http_status" INTEGER,
    "fields" TEXT[],
    "error" TEXT,

    CONSTRAINT "change_attempt_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "change_subscription_owner_status_idx" ON "change_subscription"("owner", "status");

-- CreateIndex
CREATE INDEX "change_subscription_application_id_idx" ON "change_subscription"("application_id");

-- CreateIndex
CREATE INDEX "change_event_subscription_id_status_sequence_idx" ON "change_event"("subscription_id", "status", "sequence");

-- CreateIndex
CREATE INDEX "change_attempt_subscription_id_sequence_idx" ON "change_attempt"("subscription_id", "sequence");

-- AddForeignKey
ALTER TABLE "change_subscription" ADD CONSTRAINT "change_subscription_application_id_fkey" FOREIGN KEY ("application_id") REFERENCES "application"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "change_event" ADD CONSTRAINT "change_event_subscription_id_fkey" FOREIGN KEY ("subscription_id") REFERENCES "change_subscription"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "change_attempt" ADD CONSTRAINT "change_attempt_subscription_id_sequence_fkey" FOREIGN KEY ("subscription_id", "sequence") REFERENCES "change_event"("subscription_id", "sequence") ON DELETE RESTRICT ON UPDATE CASCADE;
