-- The gateway now makes every request id itself; a client's own X-Request-Id is kept beside it as a
-- correlation id. Records written before hold null (the client's id, when it sent one, was the request id).
ALTER TABLE "audit_request" ADD COLUMN     "correlation_id" VARCHAR(128);

-- Partial: most requests send no correlation id, and every request writes here. A lookup
-- `correlation_id = $1` implies the predicate. Prisma's schema cannot state it; its migration diff ignores it.
CREATE INDEX "audit_request_correlation_id_idx" ON "audit_request"("correlation_id") WHERE "correlation_id" IS NOT NULL;
