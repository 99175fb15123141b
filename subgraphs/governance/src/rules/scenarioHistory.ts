import type { ScenarioRevision } from '@civicgraph/prisma/governance';

/** A grant as a revision keeps it (JSON: the expiry as text). */
interface RevisionGrant {
  coordinate: string;
  mask: string | null;
  expiresAt: string | null;
}

/** What changed from one version to the next. */
export interface RevisionChanges {
  version: number;
  at: Date;
  status: string;
  grantsAdded: RevisionGrant[];
  grantsRemoved: string[];
  grantsChanged: RevisionGrant[];
  applicationsBound: string[];
  applicationsUnbound: string[];
  otherChanges: string[];
}

const grantsOf = (revision: ScenarioRevision) => new Map((revision.grants as unknown as RevisionGrant[]).map((g) => [g.coordinate, g]));
const text = (value: unknown) =>
  value instanceof Date ? value.toISOString() : value == null ? '—' : typeof value === 'object' ? JSON.stringify(value) : String(value);

/** Each revision beside the one before it, oldest first in, newest first out. */
export function scenarioHistory(revisions: readonly ScenarioRevision[]): RevisionChanges[] {
  const ordered = [...revisions].sort((a, b) => a.version - b.version);
  return ordered
    .map((revision, i) => {
      const before = ordered[i - 1];
      const now = grantsOf(revision);
      const was = before ? grantsOf(before) : new Map<string, RevisionGrant>();
      const apps = new Set(revision.applicationIds);
      const hadApps = new Set(before?.applicationIds ?? []);
      const otherChanges: string[] = [];
      if (before) {
        const compared: [string, unknown, unknown][] = [
          ['name', before.name, revision.name],
          ['status', before.status, revision.status],
          ['validFrom', before.validFrom, revision.validFrom],
          ['validUntil', before.validUntil, revision.validUntil],
          ['useReasonRequired', before.useReasonRequired, revision.useReasonRequired],
          ['constraints', before.constraints, revision.constraints],
        ];
        for (const [field, from, to] of compared) if (text(from) !== text(to)) otherChanges.push(`${field}: ${text(from)} → ${text(to)}`);
      }
      return {
        version: revision.version,
        at: revision.at,
        status: revision.status,
        grantsAdded: [...now.values()].filter((g) => !was.has(g.coordinate)),
        grantsRemoved: [...was.keys()].filter((c) => !now.has(c)),
        grantsChanged: [...now.values()].filter((g) => {
          const old = was.get(g.coordinate);
          return old && (old.mask !== g.mask || old.expiresAt !== g.expiresAt);
        }),
        applicationsBound: [...apps].filter((a) => !hadApps.has(a)),
        applicationsUnbound: [...hadApps].filter((a) => !apps.has(a)),
        otherChanges,
      };
    })
    .reverse();
}
