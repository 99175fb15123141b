import type { AuditCaller, DisclosureRecord } from './logs';

/** One record's fields read so far (its type and key are the maps' keys). */
interface Disclosed {
  fields: Set<string>;
  masked: Set<string>;
}

/**
 * Collects, during one request, which fields of which records a subgraph resolved. The disclosure log gets
 * one record per entity type and set of fields (masked ones marked), naming every record read that way: a
 * page of 50 people costs one row, while "who read record X, which fields" stays exact.
 */
export class DisclosureRecorder {
  // By entity type, then key: called once per field resolved, so no key string is built per call.
  private readonly byType = new Map<string, Map<string, Disclosed>>();

  record(entityType: string, entityKey: string, field: string, masked: boolean): void {
    let ofType = this.byType.get(entityType);
    if (!ofType) this.byType.set(entityType, (ofType = new Map()));
    let entry = ofType.get(entityKey);
    if (!entry) ofType.set(entityKey, (entry = { fields: new Set(), masked: new Set() }));
    entry.fields.add(field);
    if (masked) entry.masked.add(field);
  }

  /** Records (entities) disclosed so far. */
  get size(): number {
    let records = 0;
    for (const ofType of this.byType.values()) records += ofType.size;
    return records;
  }

  records(caller: AuditCaller): DisclosureRecord[] {
    const groups = new Map<string, DisclosureRecord>();
    for (const [entityType, ofType] of this.byType) {
      for (const [entityKey, e] of ofType) {
        const fields = [...e.fields].sort();
        const maskedFields = [...e.masked].sort();
        const group = `${entityType}\u0000${fields.join(',')}\u0000${maskedFields.join(',')}`;
        const record = groups.get(group);
        if (record) record.entityKeys.push(entityKey);
        // Object.assign, not `{ ...caller, more }`: on Node.js 20, properties added after a spread take V8's
        // slow path, which was most of this method's time.
        else groups.set(group, Object.assign({}, caller, { entityType, entityKeys: [entityKey], fields, maskedFields }));
      }
    }
    return [...groups.values()];
  }
}
