-- Who submitted a share request and who decided each item: application, scenario, official (from the
-- subject token) and the request in the request log. Null in rows written before (only the application was kept).
-- AlterTable
ALTER TABLE "share_request" ADD COLUMN     "submitted_by_scenario" VARCHAR(64),
ADD COLUMN     "submitted_by_subject" VARCHAR(18),
ADD COLUMN     "submitted_in_request" VARCHAR(128);

-- AlterTable
ALTER TABLE "share_request_item" ADD COLUMN     "decided_by_scenario" VARCHAR(64),
ADD COLUMN     "decided_by_subject" VARCHAR(18),
ADD COLUMN     "decided_in_request" VARCHAR(128);
