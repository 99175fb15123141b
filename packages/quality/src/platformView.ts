import { encodeCursor } from '@civicgraph/subgraph-kit';
import type { PlatformView } from './rules';

/** Sends one GraphQL operation through the gateway under the quality supervision scenario; resolves to `data`. */
export type PlatformClient = (query: string, variables: Record<string, unknown>) => Promise<Record<string, unknown>>;

/** What the supervision scenario reads, and nothing more: the grants in QUALITY_SUPERVISION_GRANTS. */
export const RESIDENTS_PAGE = /* GraphQL */ `
  query QualitySupervisionResidents($after: String) {
    people(first: 100, after: $after) {
      nodes {
        id
        idNumber
        name
        deathDate
        residenceAddress {
          district {
            code
          }
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`;

export const DISTRICTS = /* GraphQL */ `
  query QualitySupervisionDistricts {
    divisions(level: DISTRICT) {
      code
    }
  }
`;

/** Every coordinate the two operations above reach: the quality supervision scenario's grants. */
export const QUALITY_SUPERVISION_GRANTS = [
  'Query.people',
  'PersonConnection.nodes',
  'PersonConnection.pageInfo',
  'PageInfo.hasNextPage',
  'PageInfo.endCursor',
  'Person.id',
  'Person.idNumber',
  'Person.name',
  'Person.deathDate',
  'Person.residenceAddress',
  'Address.district',
  'Division.code',
  'Query.divisions',
] as const;

interface ResidentsPage {
  people: {
    nodes: { id: string; idNumber: string; name: string; deathDate: string | null; residenceAddress: { district: { code: string } } | null }[];
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
  };
}

/** Walks that read residents side by side, each over its own range of ids. */
export const RESIDENT_WALKS = 4;

/**
 * The ranges the walks cover: walk i reads ids after `from` (from the start for the first) up to and
 * including `to` (to the end for the last). Ids are UUIDs, which the API orders as their text orders.
 */
export function residentRanges(walks: number = RESIDENT_WALKS): { from: string | null; to: string | null }[] {
  const bound = (i: number) =>
    `${Math.floor((i * 0x100000000) / walks)
      .toString(16)
      .padStart(8, '0')}-0000-0000-0000-000000000000`;
  return Array.from({ length: walks }, (_, i) => ({ from: i === 0 ? null : bound(i), to: i === walks - 1 ? null : bound(i + 1) }));
}

/**
 * Reads the other owners' side of the cross-database rules through the platform: the residents in a few
 * walks side by side (each page waits for the one before it; the walks do not), each starting at the
 * cursor of its range's first id — a cursor as the API writes it (`encodeCursor`).
 */
export async function readPlatformView(platform: PlatformClient, onPage?: (residents: number) => void): Promise<PlatformView> {
  const residents = new Map<string, { id: string; name: string; deathDate: string | null }>();
  const residenceAddressDistricts = new Map<string, string | null>();
  const districts = new Set(((await platform(DISTRICTS, {})) as { divisions: { code: string }[] }).divisions.map((d) => d.code));
  const walk = async ({ from, to }: { from: string | null; to: string | null }) => {
    let after = from === null ? null : encodeCursor(from);
    for (;;) {
      const { people } = (await platform(RESIDENTS_PAGE, { after })) as unknown as ResidentsPage;
      for (const person of people.nodes) {
        if (to !== null && person.id > to) return;
        residents.set(person.idNumber, { id: person.id, name: person.name, deathDate: person.deathDate });
        residenceAddressDistricts.set(person.id, person.residenceAddress?.district.code ?? null);
      }
      onPage?.(residents.size);
      if (!people.pageInfo.hasNextPage || !people.pageInfo.endCursor) return;
      after = people.pageInfo.endCursor;
    }
  };
  await Promise.all(residentRanges().map(walk));
  return { residents, residenceAddressDistricts, districts };
}
