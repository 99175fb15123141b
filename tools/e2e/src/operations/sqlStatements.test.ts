import { auditBatchTotals } from '@civicgraph/observability';
import { BASE_DATABASE_NAMES } from '@civicgraph/prisma';
import { startTestCivicGraph, type TestCivicGraph } from '@civicgraph/platform';

const PAGE = /* GraphQL */ `
  query Page($first: Int!) {
    people(first: $first) {
      nodes {
        name
        children {
          name
        }
        residenceAddress {
          fullText
          district {
            name
          }
          division {
            name
          }
        }
        licenses {
          name
          status
          type {
            name
          }
          replaces {
            identifier
          }
        }
        representedEntities {
          name
          registeredAddress {
            fullText
          }
          licenses {
            name
            status
          }
        }
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

  /**
   * SQL statements each base database received while the gateway answered one operation: reading the data,
   * and committing the disclosure records (apart, since how many fetches share a commit depends on timing).
   */
  async function statementsFor(first: number): Promise<{ data: Record<string, number>; auditCommits: Record<string, number> }> {
    // Governance lookups are cached for a while, so they are not per-operation work; the base databases are.
    const bases = BASE_DATABASE_NAMES.map((name) => [name, city.dbs[name]] as const);
    const before = Object.fromEntries(bases.map(([name, db]) => [name, db.statements.count]));
    const commitsBefore = await auditBatchTotals();
    const { body } = await city.query(PAGE, { first });
    expect(body.errors).toBeUndefined();
    expect(body.data!.people.nodes).toHaveLength(first);
    const commitsAfter = await auditBatchTotals();
    const commits = Object.fromEntries(
      bases.map(([name]) => [name, (commitsAfter[`${name}/disclosure`]?.commits ?? 0) - (commitsBefore[`${name}/disclosure`]?.commits ?? 0)]),
    );
    return { data: Object.fromEntries(bases.map(([name, db]) => [name, db.statements.count - before[name]! - commits[name]!])), auditCommits: commits };
  }

  it('sends the same number of statements for 10 people as for 50 (one per entity batch)', async () => {
    // The first request also reads each audit chain's head (once per process).
    await statementsFor(1);
    const ten = await statementsFor(10);
    const fifty = await statementsFor(50);
    expect(fifty.data).toEqual(ten.data);
    // population: the page, then children. spatial: residence addresses, their districts and townships in
    // one batch, entities' addresses. e-license: person licenses, entity licenses, license types (one batch
    // across both), replaced licenses. legal-entity: represented entities.
    expect(fifty.data).toEqual({ population: 2, spatial: 3, 'e-license': 4, 'legal-entity': 1 });
    // Plus one statement per group commit of the disclosure records: population and legal-entity are
    // fetched once, spatial and e-license twice (for people, then for their entities), and an owner's two
    // fetches share one commit when the second arrives while the first's is still gathering (the owners
    // answer before they commit).
    for (const { auditCommits: commits } of [ten, fifty]) {
      expect(commits).toMatchObject({ population: 1, 'legal-entity': 1 });
      for (const owner of ['spatial', 'e-license']) expect([1, 2]).toContain(commits[owner]);
    }
  });
});
