import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { operationsRegisterCommand, readEnv } from '@civicgraph/cli';
import { createScenarios, eventually, startTestCivicGraph, type GraphQLResponse, type TestCivicGraph } from '@civicgraph/platform';
import { issueAdminKey } from '@civicgraph/governance-subgraph';
import { PrismaClient as GovernanceClient } from '@civicgraph/prisma/governance';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

describe('registered operations (persisted documents) per scenario, through the gateway', () => {
  let city: TestCivicGraph;
  let adminKey: string;
  let deskKey: string;
  let otherKey: string;
  let personId: string;
  const PROFILE = 'query Profile($id: ID!) { person(id: $id) { name } }';
  const BIRTH = 'query Birth($id: ID!) { person(id: $id) { name birthDate } }';
  const admin = (query: string, variables: Record<string, unknown> = {}) => city.query(query, variables, { authorization: `Bearer ${adminKey}` });
  const data = (response: GraphQLResponse) => {
    expect(response.body.errors).toBeUndefined();
    return response.body.data!;
  };
  const send = (key: string, body: Record<string, unknown>) => city.post(city.url, JSON.stringify(body), { authorization: `Bearer ${key}` });
  const recordOf = async (response: GraphQLResponse) =>
    (
      await city.dbs.governance.query<{ decision: string; error_codes: string[]; document_hash: string | null }>(
        'SELECT decision, error_codes, document_hash FROM audit_request WHERE request_id = $1',
        [response.headers.get('x-request-id')],
      )
    )[0];

  beforeAll(async () => {
    city = await startTestCivicGraph();
    const prisma = new GovernanceClient({ adapter: city.dbs.governance.adapter });
    ({ apiKey: adminKey } = await issueAdminKey(prisma, 'Test administrator'));
    const grants = ['Query.person', 'Person.name'];
    const base = { name: 'desk', purpose: 'p', legalBasis: 'l', departmentCode: 'SH-PSB', useReasonRequired: false, grants };
    const credentials = await createScenarios(prisma, [
      { ...base, code: 'registered-desk' },
      { ...base, code: 'other-desk' },
    ]);
    [deskKey, otherKey] = credentials.map((c) => c.apiKey) as [string, string];
    [{ id: personId }] = (await city.dbs.population.query<{ id: string }>('SELECT id FROM person ORDER BY id LIMIT 1')) as [{ id: string }];
  });
  afterAll(() => city?.stop());

  it("registers only documents that fit the scenario's grants, listing every problem at once", async () => {
    const refused = await admin(`mutation($docs: [String!]!) { registerOperations(scenarioCode: "registered-desk", documents: $docs) { id } }`, {
      docs: [BIRTH, '{ person(id: 1) { shoeSize } }', 'query A { __typename } query B { __typename }', '{ nope'],
    });
    expect(refused.body.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      problems: [
        { argument: 'documents[0]', reason: 'reaches fields the scenario is not granted: Person.birthDate' },
        { argument: 'documents[1]', reason: expect.stringContaining('is not valid against the API') },
        { argument: 'documents[2]', reason: 'must hold exactly one operation, holds 2' },
        { argument: 'documents[3]', reason: expect.stringContaining('is not valid GraphQL') },
      ],
    });
    const { registerOperations } = data(
      await admin(`mutation($docs: [String!]!) { registerOperations(scenarioCode: "registered-desk", documents: $docs) { id name coordinates } }`, {
        docs: [PROFILE, PROFILE],
      }),
    );
    expect(registerOperations).toEqual([{ id: sha256(PROFILE), name: 'Profile', coordinates: ['Person.name', 'Query.person'] }]);
  });

  it('answers an operation sent by id (Apollo and GraphQL-over-HTTP shapes) for its own scenario only', async () => {
    const apollo = { extensions: { persistedQuery: { version: 1, sha256Hash: sha256(PROFILE) } }, variables: { id: personId } };
    await eventually(5_000, async () => (await send(deskKey, apollo)).body.data?.person != null);
    expect((await send(deskKey, { documentId: `sha256:${sha256(PROFILE)}`, variables: { id: personId } })).body).toEqual({
      data: { person: { name: expect.any(String) } },
    });
    const elsewhere = await send(otherKey, apollo);
    expect(elsewhere.body.errors?.[0]?.extensions?.code).toBe('PERSISTED_QUERY_NOT_FOUND');
    expect(await recordOf(elsewhere)).toMatchObject({ decision: 'REFUSED', error_codes: ['PERSISTED_QUERY_NOT_FOUND'] });
  });

  it('under registered operations only, refuses any other document and records the refusal with its hash', async () => {
    data(await admin(`mutation { updateScenario(code: "registered-desk", input: { registeredOperationsOnly: true }) { version } }`));
    const adHoc = 'query($id: ID!) { person(id: $id) { name } }';
    await eventually(5_000, async () => (await send(deskKey, { query: adHoc, variables: { id: personId } })).status === 403);
    const refused = await send(deskKey, { query: adHoc, variables: { id: personId } });
    expect(refused.body.errors).toEqual([
      expect.objectContaining({ extensions: expect.objectContaining({ code: 'OPERATION_NOT_REGISTERED', documentId: sha256(adHoc) }) }),
    ]);
    expect(await recordOf(refused)).toEqual({ decision: 'REFUSED', error_codes: ['OPERATION_NOT_REGISTERED'], document_hash: sha256(adHoc) });
    // The registered text itself is accepted, sent as text or by id.
    expect((await send(deskKey, { query: PROFILE, variables: { id: personId } })).body.data).toEqual({ person: { name: expect.any(String) } });
    // Other scenarios are not affected.
    expect((await send(otherKey, { query: adHoc, variables: { id: personId } })).body.errors).toBeUndefined();
  });

  it('keeps a grant a registered operation needs unless forced, and shows it in the impact analysis', async () => {
    const impact = data(await admin(`{ impactOf(change: { scenario: "registered-desk", removeGrants: ["Person.name"] }) { registeredOperations { name } } }`));
    expect(impact.impactOf.registeredOperations).toEqual([{ name: 'Profile' }]);
    const kept = await admin(`mutation { removeGrants(scenarioCode: "registered-desk", coordinates: ["Person.name"]) { version } }`);
    expect(kept.body.errors?.[0]).toMatchObject({ message: expect.stringContaining('Profile'), extensions: { code: 'CONFLICT' } });
    data(await admin(`mutation { removeGrants(scenarioCode: "registered-desk", coordinates: ["Person.name"], force: true) { version } }`));
    // The operation is still registered, and now refused by the grants like any other call.
    await eventually(5_000, async () => (await send(deskKey, { documentId: sha256(PROFILE), variables: { id: personId } })).status === 403);
    const { removeOperations } = data(
      await admin(`mutation($ids: [ID!]!) { removeOperations(scenarioCode: "registered-desk", ids: $ids) { operations { id } } }`, { ids: [sha256(PROFILE)] }),
    );
    expect(removeOperations.operations).toEqual([]);
  });

  it("registers a client build's persisted-documents manifest from the command line, beside the running server", async () => {
    const NAMES = 'query Names($id: ID!) { person(id: $id) { name } } ';
    const manifest = path.join(mkdtempSync(path.join(os.tmpdir(), 'civicgraph-manifest-')), 'persisted-documents.json');
    writeFileSync(manifest, JSON.stringify({ [sha256(NAMES)]: NAMES }));
    const printed: string[] = [];
    const log = jest.spyOn(console, 'log').mockImplementation((line: string) => void printed.push(line));
    try {
      await operationsRegisterCommand(readEnv({ CIVICGRAPH_ADMIN_KEY: adminKey, CIVICGRAPH_URL: city.url }), 'other-desk', [manifest]);
    } finally {
      log.mockRestore();
    }
    expect(printed).toEqual([`${sha256(NAMES)}  Names  2 fields`, '1 operation(s) registered for scenario "other-desk"']);
    const { scenario } = data(await admin(`{ scenario(code: "other-desk") { operations { id } } }`));
    expect(scenario.operations).toEqual([{ id: sha256(NAMES) }]);
  });
});
