import { BASE_DATABASE_NAMES } from '@civicgraph/prisma';
import { startTestCivicGraph, type TestCivicGraph } from '@civicgraph/testing';

const PAGE = /* GraphQL */ `
  query Page($first: Int!) {
    people(first: $first) {
      nodes {
        name
        children { name }
        residenceAddress { fullText district { name } division { name } }
        licenses { name status type { name } replaces { identifier } }
        representedEntities { name registeredAddress { fullText } licenses { name status } }
      }
    }
  }
`;

describe('DataLoader batching', () => {
  let city: TestCivicGraph;
  beforeAll(async () => {
    city = await startTestCivicGraph();
  });
  afterAll(() => city?.stop());

  /** SQL statements each base database received while the gateway answered one operation. */
  async function statementsFor(first: number): Promise<Record<string, number>> {
    // Governance lookups are cached for a while, so they are not per-operation work; the base databases are.
    const bases = BASE_DATABASE_NAMES.map((name) => [name, city.dbs[name]] as const);
    const before = Object.fromEntries(bases.map(([name, db]) => [name, db.statements.count]));
    const { body } = await city.query(PAGE, { first });
    expect(body.errors).toBeUndefined();
    expect(body.data!.people.nodes).toHaveLength(first);
    return Object.fromEntries(bases.map(([name, db]) => [name, db.statements.count - before[name]!]));
  }

  it('sends the same number of statements for 10 people as for 50 (one per entity batch)', async () => {
    // The first request also reads each audit chain's head (once per process).
    await statementsFor(1);
    const ten = await statementsFor(10);
    const fifty = await statementsFor(50);
    expect(fifty).toEqual(ten);
    // population: the page, then children. spatial: residence addresses, their districts and townships in
    // one batch, entities' addresses. e-license: person licenses, entity licenses, license types (one batch
    // across both), replaced licenses. legal-entity: represented entities. Plus one statement per fetch
    // the query plan sends a subgraph, committing that fetch's disclosure records (population and
    // legal-entity are fetched once, spatial and e-license twice: for people, then for their entities).
    expect(fifty).toEqual({ population: 2 + 1, spatial: 3 + 2, 'e-license': 4 + 2, 'legal-entity': 1 + 1 });
  });
});
