-- The audit logs are searched by request, caller, record and time; never by the field lists, the use
-- reason or the hashes. ANALYZE, which autovacuum runs on these fast-growing tables every tenth of growth,
-- sorted those whole arrays and 64-character strings for statistics no plan uses (ANALYZE was ~15 % of
-- PostgreSQL's CPU under the benchmark's audited load): none are gathered for them.
ALTER TABLE "audit_disclosure"
  ALTER COLUMN "fields" SET STATISTICS 0,
  ALTER COLUMN "masked_fields" SET STATISTICS 0,
  ALTER COLUMN "use_reason" SET STATISTICS 0,
  ALTER COLUMN "prev_hash" SET STATISTICS 0,
  ALTER COLUMN "hash" SET STATISTICS 0;
