import { createHash } from 'node:crypto';
import { ApolloServer, type GraphQLRequest } from '@apollo/server';
import { createScenarioDirectory, type ScenarioSnapshot } from '../scenarioDirectory';
import { buildSchema } from 'graphql';
import type { GatewayContext } from '../GatewayContext';
import { createReachCache } from '../operationReach';
import { refuseUnexecutable } from '../refuseUnexecutable';
import { useRequestBudgets } from '../useRequestBudgets';
import { NOTHING_PERSISTED, useRegisteredOperations } from '../useRegisteredOperations';
import { HIDDEN_VALIDATION_MESSAGE, useScenarioAuthorization } from '../useScenarioAuthorization';

/**
 * The gateway's authorization and budget plugins in process, over a small schema: no port, no databases,
 * no subgraphs (the end-to-end suites cover what crosses processes).
 */
const schema = buildSchema(`
  type Person { id: ID! name: String! phone: String children: [Person!]! }
  type PersonConnection { nodes: [Person!]! }
  input PersonFilter { namePrefix: String }
  type Secret { value: String! }
  type Query { person(id: ID!): Person people(filter: PersonFilter, first: Int = 20): PersonConnection! secret: Secret }
`);

function scenario(
  grants: string[],
  constraints: ScenarioSnapshot['constraints'] = {},
  registered: { only?: boolean; documents?: string[] } = {},
): ScenarioSnapshot {
  return {
    code: 'test',
    name: 'test',
    version: 1,
    status: 'ACTIVE',
    validFrom: new Date(0),
    validUntil: null,
    useReasonRequired: false,
    traffic: { requestsPerSecond: null, burst: null, rowsPerDay: null },
    registeredOperationsOnly: registered.only ?? false,
    operations: new Map((registered.documents ?? []).map((d) => [sha256(d), d])),
    constraints,
    grants: new Map(grants.map((coordinate) => [coordinate, { coordinate, mask: null, expiresAt: null }])),
  };
}

const PEOPLE = ['Query.person', 'Query.people', 'PersonConnection.nodes', 'Person.name', 'Person.children'];

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

async function run(query: string | GraphQLRequest, snapshot: ScenarioSnapshot) {
  // The directory's grant check reads only the snapshot; nothing here touches a database.
  const directory = createScenarioDirectory(undefined as never);
  const reachOf = createReachCache();
  const server = new ApolloServer<GatewayContext>({
    schema,
    hideSchemaDetailsFromClientErrors: true,
    // No data behind the schema: what is allowed resolves to empty answers.
    rootValue: { person: () => null, people: () => ({ nodes: [] }), secret: () => null },
    persistedQueries: { cache: NOTHING_PERSISTED },
    plugins: [
      refuseUnexecutable,
      useRegisteredOperations,
      useRequestBudgets({ maxDepth: 5, maxAliases: 3, maxRows: 500 }).plugin,
      useScenarioAuthorization(directory, new Set(), reachOf),
    ],
  });
  await server.start();
  try {
    const contextValue = {
      requestId: 'r',
      correlationId: null,
      caller: { applicationId: 'a', apiKeyId: 'k', applicationName: 'app', departmentCode: 'D', scenario: snapshot },
      useReason: null,
      subject: null,
      owners: { auditFailed: false },
      rowsEstimated: { rows: 0, searchRows: 0 },
    } as GatewayContext;
    const { body } = await server.executeOperation(typeof query === 'string' ? { query } : query, { contextValue });
    if (body.kind !== 'single') throw new Error('expected a single result');
    return body.singleResult;
  } finally {
    await server.stop();
  }
}

describe('useScenarioAuthorization, in process', () => {
  it('serves what is granted', async () => {
    expect((await run('{ person(id: 1) { name } }', scenario(PEOPLE))).errors).toBeUndefined();
  });

  it('refuses what is not granted, through aliases and fragments alike, naming only what the document asked', async () => {
    for (const query of ['{ person(id: 1) { tel: phone } }', '{ person(id: 1) { ...P } } fragment P on Person { phone }']) {
      expect((await run(query, scenario(PEOPLE))).errors).toEqual([
        expect.objectContaining({
          message: 'Scenario "test" is not granted Person.phone',
          extensions: expect.objectContaining({ code: 'FORBIDDEN', notGranted: ['Person.phone'] }),
        }),
      ]);
    }
  });

  it("answers introspection from the scenario's own schema", async () => {
    const result = await run('{ secret: __type(name: "Secret") { name } person: __type(name: "Person") { fields { name } } }', scenario(PEOPLE));
    expect(result.data).toEqual({ secret: null, person: { fields: [{ name: 'name' }, { name: 'children' }] } });
  });

  it('keeps type names the scenario cannot see out of validation errors', async () => {
    expect((await run('{ secret { nope } }', scenario(PEOPLE))).errors).toEqual([expect.objectContaining({ message: HIDDEN_VALIDATION_MESSAGE })]);
    expect((await run('{ secret { nope } }', scenario([...PEOPLE, 'Query.secret', 'Secret.value']))).errors).toEqual([
      expect.objectContaining({ message: 'Cannot query field "nope" on type "Secret".' }),
    ]);
  });
});

describe('useRequestBudgets, in process', () => {
  it('refuses depth and aliases over the limits with LIMIT_EXCEEDED', async () => {
    expect((await run('{ person(id: 1) { children { children { children { name } } } } }', scenario(PEOPLE))).errors).toBeUndefined();
    const deep = await run('{ person(id: 1) { children { children { children { children { name } } } } } }', scenario(PEOPLE));
    expect(deep.errors).toEqual([
      expect.objectContaining({
        message: 'Query depth limit of 5 exceeded, found 6.',
        extensions: expect.objectContaining({ code: 'LIMIT_EXCEEDED', limit: 'depth', max: 5 }),
      }),
    ]);
    const aliases = await run('{ a: person(id: 1) { name } b: person(id: 2) { name } c: person(id: 3) { name } d: person(id: 4) { name } }', scenario(PEOPLE));
    expect(aliases.errors?.[0]?.extensions).toEqual(expect.objectContaining({ code: 'LIMIT_EXCEEDED', limit: 'aliases', max: 3 }));
  });

  it('refuses more estimated rows than a request may return', async () => {
    const result = await run('{ people(first: 100) { nodes { children { name } } } }', scenario(PEOPLE));
    expect(result.errors?.[0]?.extensions).toEqual(expect.objectContaining({ code: 'LIMIT_EXCEEDED', limit: 'rows', max: 500 }));
  });

  it("holds a scenario's maxRows over every search of the request", async () => {
    const result = await run('{ a: people(first: 30) { nodes { name } } b: people(first: 30) { nodes { name } } }', scenario(PEOPLE, { maxRows: 50 }));
    expect(result.errors).toEqual([
      expect.objectContaining({
        message: 'Scenario "test" reads at most 50 rows per request: this request\'s searches ask for 60',
        extensions: expect.objectContaining({ code: 'FORBIDDEN', constraint: 'maxRows', maxRows: 50 }),
      }),
    ]);
    expect((await run('{ people(first: 50) { nodes { name } } }', scenario(PEOPLE, { maxRows: 50 }))).errors).toBeUndefined();
  });
});

describe('useRegisteredOperations, in process', () => {
  const PROFILE = 'query Profile { person(id: 1) { name } }';
  const byId = (document: string) => ({ extensions: { persistedQuery: { version: 1, sha256Hash: sha256(document) } } });

  it("answers an operation sent by id from the scenario's registered documents", async () => {
    expect(await run(byId(PROFILE), scenario(PEOPLE, {}, { documents: [PROFILE] }))).toEqual({ data: { person: null } });
  });

  it('does not find an id registered for another scenario, nor one a client sent with its text before', async () => {
    const other = scenario(PEOPLE, {}, { documents: [] });
    await run({ query: PROFILE, ...byId(PROFILE) }, other);
    const result = await run(byId(PROFILE), other);
    expect(result.errors).toEqual([expect.objectContaining({ extensions: expect.objectContaining({ code: 'PERSISTED_QUERY_NOT_FOUND' }) })]);
  });

  it('refuses, under a registered-only scenario, a document that is not registered, whether sent as text or with its hash', async () => {
    const only = scenario(PEOPLE, {}, { only: true, documents: [PROFILE] });
    const other = '{ person(id: 1) { name } }';
    for (const request of [{ query: other }, { query: other, ...byId(other) }]) {
      expect((await run(request, only)).errors).toEqual([
        expect.objectContaining({ extensions: expect.objectContaining({ code: 'OPERATION_NOT_REGISTERED', documentId: sha256(other) }) }),
      ]);
    }
    expect(await run({ query: PROFILE }, only)).toEqual({ data: { person: null } });
    expect(await run(byId(PROFILE), only)).toEqual({ data: { person: null } });
  });

  it('still checks grants on a registered operation (a grant removed since registration is refused)', async () => {
    const result = await run(byId(PROFILE), scenario(['Query.person'], {}, { only: true, documents: [PROFILE] }));
    expect(result.errors).toEqual([expect.objectContaining({ extensions: expect.objectContaining({ code: 'FORBIDDEN' }) })]);
  });
});
