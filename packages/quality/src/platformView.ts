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

/** Reads the other owners' side of the cross-database rules through the platform, page by page. */
export async function readPlatformView(platform: PlatformClient, onPage?: (residents: number) => void): Promise<PlatformView> {
  const residents = new Map<string, { id: string; name: string; deathDate: string | null }>();
  const residenceAddressDistricts = new Map<string, string | null>();
  const districts = new Set(((await platform(DISTRICTS, {})) as { divisions: { code: string }[] }).divisions.map((d) => d.code));
  let after: string | null = null;
  for (;;) {
    const { people } = (await platform(RESIDENTS_PAGE, { after })) as unknown as ResidentsPage;
    for (const person of people.nodes) {
      residents.set(person.idNumber, { id: person.id, name: person.name, deathDate: person.deathDate });
      residenceAddressDistricts.set(person.id, person.residenceAddress?.district.code ?? null);
    }
    onPage?.(residents.size);
    if (!people.pageInfo.hasNextPage || !people.pageInfo.endCursor) break;
    after = people.pageInfo.endCursor;
  }
  return { residents, residenceAddressDistricts, districts };
}
