-- CreateTable
CREATE TABLE "change_outbox" (
    "seq" BIGSERIAL NOT NULL,
    "entity_type" VARCHAR(64) NOT NULL,
    "entity_key" VARCHAR(128) NOT NULL,
    "operation" VARCHAR(8) NOT NULL,
    "changed_columns" TEXT[],
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "txid" BIGINT NOT NULL,

    CONSTRAINT "change_outbox_pkey" PRIMARY KEY ("seq")
);

-- The outbox is written by the database, in the changing transaction: no code path that changes a record
-- can forget its row, and a rolled-back change leaves none. Columns the feeds never share are not compared.
CREATE FUNCTION record_change() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  ignored text[] := TG_ARGV[2]::text[];
  new_row jsonb;
  old_row jsonb;
  changed text[];
  op text;
BEGIN
  IF TG_OP = 'INSERT' THEN
    new_row := to_jsonb(NEW);
    SELECT coalesce(array_agg(k ORDER BY k), '{}') INTO changed FROM jsonb_object_keys(new_row) k WHERE NOT (k = ANY (ignored));
    op := 'CREATED';
  ELSIF TG_OP = 'UPDATE' THEN
    new_row := to_jsonb(NEW);
    old_row := to_jsonb(OLD);
    SELECT coalesce(array_agg(k ORDER BY k), '{}') INTO changed FROM jsonb_object_keys(new_row) k
      WHERE NOT (k = ANY (ignored)) AND new_row -> k IS DISTINCT FROM old_row -> k;
    IF cardinality(changed) = 0 THEN
      RETURN NULL;
    END IF;
    op := 'UPDATED';
  ELSE
    new_row := to_jsonb(OLD);
    changed := '{}';
    op := 'DELETED';
  END IF;
  -- Writers take the outbox one after another until they commit, so rows become visible in the order of
  -- their numbers: a reader that has seen row N has seen every row before it, and one record's changes keep
  -- the order they were made in.
  PERFORM pg_advisory_xact_lock(hashtext('civicgraph_change_outbox'));
  INSERT INTO change_outbox (entity_type, entity_key, operation, changed_columns, txid)
    VALUES (TG_ARGV[0], new_row ->> TG_ARGV[1], op, changed, pg_current_xact_id()::text::bigint);
  -- Only wakes the dispatcher, which reads the table: a lost notification delays a change, never loses it.
  PERFORM pg_notify('civicgraph_changes', TG_ARGV[0]);
  RETURN NULL;
END
$$;

CREATE TRIGGER legal_entity_change_outbox AFTER INSERT OR UPDATE OR DELETE ON legal_entity
  FOR EACH ROW EXECUTE FUNCTION record_change('LegalEntity', 'id', '{updated_at,record_key}');
