-- DropIndex
DROP INDEX "audit_disclosure_app_seq_idx";

-- DropIndex
DROP INDEX "audit_disclosure_at_idx";

-- DropIndex
DROP INDEX "audit_disclosure_scenario_seq_idx";

-- DropIndex
DROP INDEX "audit_disclosure_subject_seq_idx";
