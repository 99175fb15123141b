import { createELicenseLoaders } from '@civicgraph/e-license-subgraph';
import { createLegalEntityLoaders } from '@civicgraph/legal-entity-subgraph';
import { createPopulationLoaders } from '@civicgraph/population-subgraph';
import { createSpatialLoaders } from '@civicgraph/spatial-subgraph';
import { startTestCivicGraph, type TestCivicGraph } from '@civicgraph/platform';
import { claimsForTests } from '@civicgraph/policy';
import { PrismaClient as ELicenseClient } from '@civicgraph/prisma/e-license';
import { PrismaClient as LegalEntityClient } from '@civicgraph/prisma/legal-entity';
import { PrismaClient as PopulationClient } from '@civicgraph/prisma/population';
import { PrismaClient as SpatialClient } from '@civicgraph/prisma/spatial';

/**
 * The subgraphs' loaders read their tables with prepared SQL, and the resolvers (and every Prisma query
 * elsewhere) take those rows for Prisma's: over the whole seeded city, every row a loader returns must
 * equal, field for field and type for type, what Prisma's client returns for it — dates in any time zone,
 * decimals, nulls, enums, and lists in Prisma's order.
 */
describe("the loaders' SQL reads what Prisma reads", () => {
  let city: TestCivicGraph;
  const everyone = claimsForTests({});
  beforeAll(async () => {
    city = await startTestCivicGraph();
  });
  afterAll(() => city.stop());

  it('runs east of UTC (jest.config.js), where a date read as local midnight falls on the day before', () => {
    expect(new Date(0).getTimezoneOffset()).toBe(-480);
  });

  /** Loads every key through a loader, in batches of up to 100 keys per statement. */
  const loadAll = async <K, V>(loader: { loadMany(keys: readonly K[]): Promise<(V | Error)[]> }, keys: readonly K[]) => {
    const rows: (V | Error)[] = [];
    for (let at = 0; at < keys.length; at += 100) rows.push(...(await loader.loadMany(keys.slice(at, at + 100))));
    return rows;
  };

  it('population: people by id and by ID number, children of their parents', async () => {
    const prisma = new PopulationClient({ adapter: city.dbs.population.adapter });
    const people = await prisma.person.findMany({ orderBy: { id: 'asc' } });
    expect(people.length).toBeGreaterThan(100);
    expect(people.some((p) => p.deathDate) && people.some((p) => !p.deathDate)).toBe(true);
    const loaders = createPopulationLoaders(city.dbs.population, everyone);
    expect(
      await loadAll(
        loaders.personById,
        people.map((p) => p.id),
      ),
    ).toEqual(people);
    expect(
      await loadAll(
        loaders.personByIdNumber,
        people.map((p) => p.idNumber),
      ),
    ).toEqual(people);
    const parents = [...new Set(people.flatMap((p) => [p.fatherId, p.motherId]).filter((id): id is string => !!id))];
    expect(parents.length).toBeGreaterThan(10);
    const children = await loadAll(loaders.childrenOf, parents);
    for (const [i, parent] of parents.entries()) {
      const expected = await prisma.person.findMany({
        where: { OR: [{ fatherId: parent }, { motherId: parent }] },
        orderBy: [{ birthDate: 'asc' }, { id: 'asc' }],
      });
      expect(children[i]).toEqual(expected);
    }
  });

  it('legal entities: by id, by USCC and by representative', async () => {
    const prisma = new LegalEntityClient({ adapter: city.dbs['legal-entity'].adapter });
    const entities = await prisma.legalEntity.findMany({ orderBy: { id: 'asc' } });
    expect(entities.some((e) => e.registeredCapital) && entities.some((e) => !e.registeredCapital)).toBe(true);
    const loaders = createLegalEntityLoaders(city.dbs['legal-entity'], everyone);
    expect(
      await loadAll(
        loaders.entityById,
        entities.map((e) => e.id),
      ),
    ).toEqual(entities);
    expect(
      await loadAll(
        loaders.entityByUscc,
        entities.map((e) => e.uscc),
      ),
    ).toEqual(entities);
    const representatives = [...new Set(entities.map((e) => e.representativeId))];
    const represented = await loadAll(loaders.entitiesByRepresentative, representatives);
    for (const [i, representativeId] of representatives.entries()) {
      expect(represented[i]).toEqual(await prisma.legalEntity.findMany({ where: { representativeId }, orderBy: [{ establishedOn: 'asc' }, { id: 'asc' }] }));
    }
  });

  it('spatial: divisions by code and by parent, addresses by id', async () => {
    const prisma = new SpatialClient({ adapter: city.dbs.spatial.adapter });
    const divisions = await prisma.division.findMany({ orderBy: { code: 'asc' } });
    const addresses = await prisma.address.findMany({ orderBy: { id: 'asc' } });
    const loaders = createSpatialLoaders(city.dbs.spatial);
    expect(
      await loadAll(
        loaders.divisionByCode,
        divisions.map((d) => d.code),
      ),
    ).toEqual(divisions);
    expect(
      await loadAll(
        loaders.addressById,
        addresses.map((a) => a.id),
      ),
    ).toEqual(addresses);
    const parents = divisions.map((d) => d.code);
    const children = await loadAll(loaders.childrenOf, parents);
    for (const [i, parentCode] of parents.entries()) {
      expect(children[i]).toEqual(await prisma.division.findMany({ where: { parentCode }, orderBy: { code: 'asc' } }));
    }
  });

  it('e-licenses: by id, types by code, a holder’s licenses with and without filters', async () => {
    const prisma = new ELicenseClient({ adapter: city.dbs['e-license'].adapter });
    const licenses = await prisma.license.findMany({ orderBy: { id: 'asc' } });
    expect(licenses.some((l) => l.validUntil) && licenses.some((l) => !l.validUntil)).toBe(true);
    const types = await prisma.licenseType.findMany({ orderBy: { code: 'asc' } });
    const loaders = createELicenseLoaders(city.dbs['e-license'], everyone);
    expect(
      await loadAll(
        loaders.licenseById,
        licenses.map((l) => l.id),
      ),
    ).toEqual(licenses);
    expect(
      await loadAll(
        loaders.licenseTypeByCode,
        types.map((t) => t.code),
      ),
    ).toEqual(types);
    const holders = [...new Set(licenses.map((l) => l.holderId))];
    const filters = [
      { typeCode: null, status: null },
      { typeCode: null, status: 'VALID' as const },
      { typeCode: licenses[0]!.typeCode, status: null },
    ];
    for (const filter of filters) {
      const keys = holders.map((holderId) => ({ holderId, ...filter }));
      const held = await loadAll(loaders.licensesOfHolder, keys);
      for (const [i, holderId] of holders.entries()) {
        const expected = await prisma.license.findMany({
          where: { holderId, ...(filter.typeCode ? { typeCode: filter.typeCode } : {}), ...(filter.status ? { status: filter.status } : {}) },
          orderBy: [{ issuedOn: 'desc' }, { id: 'asc' }],
        });
        expect(held[i]).toEqual(expected);
      }
    }
  });
});
