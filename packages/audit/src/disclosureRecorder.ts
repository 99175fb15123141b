import type { AuditCaller, DisclosureRecord } from './logs';

/**
 * Collects, during one request, which fields of which records a subgraph resolved: one disclosure record
 * per record, however many fields or fetches touched it.
 */
export class DisclosureRecorder {
  private readonly byRecord = new Map<string, { entityType: string; entityKey: string; fields: Set<string>; masked: Set<string> }>();

  record(entityType: string, entityKey: string, field: string, masked: boolean): void {
    const id = `${entityType}\u0000${entityKey}`;
    let entry = this.byRecord.get(id);
    if (!entry) this.byRecord.set(id, (entry = { entityType, entityKey, fields: new Set(), masked: new Set() }));
    entry.fields.add(field);
    if (masked) entry.masked.add(field);
  }

  /** Records disclosed so far. */
  get size(): number {
    return this.byRecord.size;
  }

  records(caller: AuditCaller): DisclosureRecord[] {
    return [...this.byRecord.values()].map((e) => ({ ...caller, entityType: e.entityType, entityKey: e.entityKey, fields: [...e.fields].sort(), maskedFields: [...e.masked].sort() }));
  }
}
