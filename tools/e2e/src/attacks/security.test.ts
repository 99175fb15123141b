import { createScenarios, DEMO_SCENARIOS, startTestCivicGraph, type GraphQLResponse, type TestCivicGraph } from '@civicgraph/platform';
import { issueAdminKey, storedMaskInferences } from '@civicgraph/governance-subgraph';
import { PrismaClient as GovernanceClient } from '@civicgraph/prisma/governance';
import { HIDDEN_VALIDATION_MESSAGE } from '@civicgraph/gateway';

/**
 * The platform's promise attacked as a client would: with real ids and values from the seeded city, every
 * response body, error and header searched for what the scenario may not see, every request looked up in
 * the request log.
 */

interface RequestRow {
  request_id: string;
  correlation_id: string | null;
  app: string | null;
  scenario: string | null;
  use_reason: string | null;
  operation_name: string | null;
  document_hash: string | null;
  decision: string;
  error_codes: string[];
}

let city: TestCivicGraph;
let governance: GovernanceClient;
/** Demo scenarios' keys by code. */
const keys: Record<string, string> = {};
let office: string;
let officeApp: string;
let adminKey: string;

beforeAll(async () => {
  city = await startTestCivicGraph();
  governance = new GovernanceClient({ adapter: city.dbs.governance.adapter });
  for (const credentials of await createScenarios(governance, DEMO_SCENARIOS)) keys[credentials.code] = credentials.apiKey;
  office = keys['district-office']!;
  officeApp = (await governance.application.findFirstOrThrow({ where: { scenarios: { some: { scenarioCode: 'district-office' } } } })).id;
  ({ apiKey: adminKey } = await issueAdminKey(governance, 'Security tester'));
});
afterAll(() => city?.stop());

const admin = (query: string, variables: Record<string, unknown> = {}) => city.query(query, variables, { authorization: `Bearer ${adminKey}` });

/** Every ID number of the seeded city, to search responses for. */
const allIdNumbers = async () => (await city.dbs.population.query<{ id_number: string }>('SELECT id_number FROM person')).map((r) => r.id_number);

describe('security: every request is on record, whatever its bytes', () => {
  const asOffice = (query: string, headers: Record<string, string> = {}) =>
    city.query(query, {}, { authorization: `Bearer ${office}`, 'x-use-reason': 'case 2026-0042', ...headers });
  const recordOf = async (response: GraphQLResponse) => {
    const rows = await city.dbs.governance.query<RequestRow>(`SELECT * FROM audit_request WHERE request_id = $1 ORDER BY operation_index`, [
      response.headers.get('x-request-id'),
    ]);
    expect(rows).toHaveLength(1);
    return rows[0]!;
  };

  it("makes the request id itself: two apps sending the same X-Request-Id get two request ids, each keeping the client's as its correlation id", async () => {
    const first = await asOffice('{ __typename }', { 'x-request-id': 'shared-id-1' });
    const second = await city.query('{ __typename }', {}, { 'x-request-id': 'shared-id-1' });
    expect(first.headers.get('x-request-id')).not.toBe(second.headers.get('x-request-id'));
    expect(await recordOf(first)).toMatchObject({ correlation_id: 'shared-id-1', app: officeApp, decision: 'ALLOWED' });
    expect(await recordOf(second)).toMatchObject({ correlation_id: 'shared-id-1', decision: 'ALLOWED' });
    const logged = await city.dbs.governance.query(`SELECT 1 FROM audit_request WHERE request_id = 'shared-id-1'`);
    expect(logged).toEqual([]);
  });

  it.each([
    ['a percent-encoded NUL', '%00', 'contains control characters'],
    ['a percent-encoded line break', 'case%0A2026', 'contains control characters'],
    ['percent-encoded bytes that are not UTF-8', '%C3%28', 'percent-encodes bytes that are not valid UTF-8'],
    ['201 characters', '办'.repeat(201), 'must be at most 200 characters'],
  ])('refuses a use reason with %s as BAD_USER_INPUT, and records the refusal with its app', async (_case, value, reason) => {
    const header = /^[\x20-\x7e]*$/.test(value) ? value : encodeURIComponent(value);
    const response = await asOffice('{ people(first: 1) { nodes { name } } }', { 'x-use-reason': header });
    expect(response.status).toBe(400);
    expect(response.body).toEqual({
      errors: [
        {
          message: `Argument "X-Use-Reason" is invalid: ${reason}`,
          extensions: { code: 'BAD_USER_INPUT', problems: [{ argument: 'X-Use-Reason', reason }] },
        },
      ],
    });
    expect(await recordOf(response)).toMatchObject({
      app: officeApp,
      scenario: 'district-office',
      use_reason: null,
      decision: 'REFUSED',
      error_codes: ['BAD_USER_INPUT'],
    });
  });

  it('stores a use reason typed as raw UTF-8 as the user wrote it, and one percent-encoded alike', async () => {
    const raw = await asOffice('{ __typename }', { 'x-use-reason': Buffer.from('办理户籍业务 50%', 'utf8').toString('latin1') });
    expect(raw.status).toBe(200);
    expect(await recordOf(raw)).toMatchObject({ use_reason: '办理户籍业务 50%', decision: 'ALLOWED' });
    const encoded = await asOffice('{ __typename }', { 'x-use-reason': `${encodeURIComponent('办理户籍业务')} 50%` });
    expect(await recordOf(encoded)).toMatchObject({ use_reason: '办理户籍业务 50%', decision: 'ALLOWED' });
  });

  it('refuses invalid UTF-8 sent raw, and records it', async () => {
    const response = await asOffice('{ __typename }', { 'x-use-reason': '\u00ff\u00fe' });
    expect(response.status).toBe(400);
    expect(response.body.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      problems: [{ argument: 'X-Use-Reason', reason: 'is not valid UTF-8' }],
    });
    expect(await recordOf(response)).toMatchObject({ app: officeApp, decision: 'REFUSED', error_codes: ['BAD_USER_INPUT'] });
  });

  it('refuses a correlation id that cannot be stored, and records it', async () => {
    const response = await asOffice('{ __typename }', { 'x-request-id': 'x'.repeat(129) });
    expect(response.status).toBe(400);
    expect(response.body.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      problems: [{ argument: 'X-Request-Id', reason: 'must be at most 128 characters' }],
    });
    expect(response.headers.get('x-correlation-id')).toBeNull();
    expect(await recordOf(response)).toMatchObject({ correlation_id: null, decision: 'REFUSED' });
  });

  it('records an operation name that is not a GraphQL name, escaped, with the refusal', async () => {
    const response = await city.post(city.url, JSON.stringify({ query: '{ __typename }', operationName: 'A\u0000B' }), {
      authorization: `Bearer ${office}`,
      'x-use-reason': 'x',
    });
    expect(response.status).toBe(400);
    expect(response.body.errors?.[0]?.extensions?.code).toBe('OPERATION_RESOLUTION_FAILURE');
    expect(await recordOf(response)).toMatchObject({ operation_name: '"A\\u0000B"', decision: 'REFUSED', error_codes: ['OPERATION_RESOLUTION_FAILURE'] });
  });

  it('answers a persisted-query hash that does not match its query with BAD_REQUEST', async () => {
    const body = JSON.stringify({ query: '{ __typename }', extensions: { persistedQuery: { version: 1, sha256Hash: 'f'.repeat(64) } } });
    const response = await city.post(city.url, body, { authorization: `Bearer ${office}`, 'x-use-reason': 'x' });
    expect(response).toMatchObject({ status: 400, body: { errors: [{ message: 'provided sha does not match query', extensions: { code: 'BAD_REQUEST' } }] } });
    expect(await recordOf(response)).toMatchObject({ decision: 'REFUSED', error_codes: ['BAD_REQUEST'] });
  });

  it('records a persisted-query hash that is not one, without storing it', async () => {
    const body = JSON.stringify({ extensions: { persistedQuery: { version: 1, sha256Hash: `${'\u0000'.repeat(70)}` } } });
    const response = await city.post(city.url, body, { authorization: `Bearer ${office}`, 'x-use-reason': 'x' });
    expect(response.status).toBe(400);
    expect(response.body.errors?.[0]?.extensions?.code).toBe('PERSISTED_QUERY_NOT_FOUND');
    expect(await recordOf(response)).toMatchObject({ document_hash: null, decision: 'REFUSED', error_codes: ['PERSISTED_QUERY_NOT_FOUND'] });
  });
});

describe('security: no combination of grants undoes a mask', () => {
  const asOffice = (query: string, variables: Record<string, unknown> = {}) =>
    city.query(query, variables, { authorization: `Bearer ${office}`, 'x-use-reason': 'case 7' });

  it('gives the district office ID numbers masked and no birth date, not even through a filter', async () => {
    const page = await asOffice('{ people(first: 50) { nodes { idNumber name gender } } }');
    expect(page.body.errors).toBeUndefined();
    const text = JSON.stringify(page.body);
    const raw = (await allIdNumbers()).filter((n) => text.includes(n) || text.includes(n.slice(6, 14)));
    expect(raw).toEqual([]);
    expect((await asOffice('{ people(first: 1) { nodes { birthDate } } }')).body.errors?.[0]?.extensions).toEqual({
      code: 'FORBIDDEN',
      notGranted: ['Person.birthDate'],
    });
    const filtered = await asOffice('{ people(filter: { birthDateFrom: "1990-03-07", birthDateTo: "1990-03-07" }, first: 5) { nodes { idNumber } } }');
    expect(filtered.body).toEqual({
      data: null,
      errors: [
        expect.objectContaining({
          message:
            'Argument "filter.birthDateFrom" filters on Person.birthDate, and scenario "district-office" is not granted it: a filter reads the field it filters on',
          extensions: expect.objectContaining({ code: 'FORBIDDEN', notGranted: ['Person.birthDate'], argument: 'filter.birthDateFrom' }),
        }),
      ],
    });
  });

  it('refuses a name prefix filter where the name is read masked: it would spell the name out', async () => {
    const response = await city.query('{ legalEntities(first: 1) { nodes { name } } }', {}, { authorization: `Bearer ${keys['market-supervision']}` });
    expect(response.body.errors).toBeUndefined();
    // The market supervisors read representatives' names masked; an entity's own name is theirs to filter on.
    const filtered = await city.query(
      '{ legalEntities(filter: { namePrefix: "上海" }, first: 1) { nodes { name legalRepresentative { name idNumber } } } }',
      {},
      { authorization: `Bearer ${keys['market-supervision']}` },
    );
    expect(filtered.body.errors).toBeUndefined();
    const [node] = filtered.body.data!.legalEntities.nodes as { legalRepresentative: { name: string; idNumber: string } }[];
    // Not granted the gender, so the mask hides the ID number's gender digit too.
    if (node) expect(node.legalRepresentative.idNumber).toMatch(/^\d{6}\*{8}\d{2}\*[\dX]$/);
  });

  it('refuses, in the admin API, a scenario whose grants undo its own mask, naming both coordinates', async () => {
    const response = await admin(`mutation { createScenario(input: { code: "rebuild", name: "x", purpose: "x", legalBasis: "x", departmentCode: "SH-CAB",
      grants: [{ coordinate: "Query.person" }, { coordinate: "Person.idNumber", mask: ID_NUMBER }, { coordinate: "Person.birthDate" }] }) { code } }`);
    expect(response.body.errors?.[0]?.extensions).toEqual(
      expect.objectContaining({
        code: 'BAD_USER_INPUT',
        argument: 'input.grants',
        coordinate: 'Person.idNumber',
        revealedBy: 'Person.birthDate',
        reason: 'Person.idNumber is read masked, but Person.birthDate gives it back: digits 7–14 of an ID number, which the mask hides, are the birth date',
      }),
    );
    const added = await admin(`mutation { addGrants(scenarioCode: "district-office", grants: [{ coordinate: "Person.birthDate" }]) { version } }`);
    expect(added.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', coordinate: 'Person.idNumber', revealedBy: 'Person.birthDate' });
    const sameValue = await admin(
      `mutation { addGrants(scenarioCode: "market-supervision", grants: [{ coordinate: "License.holderIdentifier" }]) { version } }`,
    );
    expect(sameValue.body.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      reason: 'Person.idNumber is read masked, but License.holderIdentifier gives it back: License.holderIdentifier gives the same citizen ID number unmasked',
    });
  });

  it('refuses to bind one application to two scenarios whose grants together undo a mask', async () => {
    const response = await admin(`mutation($a: ID!) { bindApplication(scenarioCode: "one-network-service", applicationId: $a) { code } }`, { a: officeApp });
    expect(response.body.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      argument: 'applicationId',
      reason: expect.stringContaining(
        'Person.idNumber is read masked, but Person.birthDate, granted to application "黄浦区街道社区事务受理 (demo app)" under scenario "one-network-service", gives it back',
      ),
    });
    expect(await governance.scenarioApplication.findMany({ where: { applicationId: officeApp } })).toEqual([
      { scenarioCode: 'district-office', applicationId: officeApp },
    ]);
  });

  it('finds stored grants that undo a mask (civicgraph grants check)', async () => {
    expect(await storedMaskInferences(governance)).toEqual([]);
    // Written around the admin API, straight into the database.
    await governance.grant.create({ data: { scenarioCode: 'district-office', coordinate: 'Person.birthDate' } });
    try {
      expect(await storedMaskInferences(governance)).toEqual([
        { holder: 'scenario "district-office"', problems: [expect.objectContaining({ coordinate: 'Person.idNumber', revealedBy: 'Person.birthDate' })] },
      ]);
    } finally {
      await governance.grant.delete({ where: { scenarioCode_coordinate: { scenarioCode: 'district-office', coordinate: 'Person.birthDate' } } });
    }
  });
});

describe('security: a refusal tells no more than "not found"', () => {
  it('answers a record outside the districts exactly as one that does not exist, by id number, id and reference', async () => {
    const [outsider] = await city.dbs.population.query<{ id: string; id_number: string; name: string }>(
      `SELECT id, id_number, name FROM person WHERE residence_district_code <> '310101' AND household_district_code <> '310101' ORDER BY id LIMIT 1`,
    );
    const ask = (n: string) =>
      city.query('query($n: String!) { personByIdNumber(idNumber: $n) { name } }', { n }, { authorization: `Bearer ${office}`, 'x-use-reason': 'x' });
    const [someone, nobody] = await Promise.all([ask(outsider!.id_number), ask('11010519491231002X')]);
    expect(someone.body).toEqual(nobody.body);
    expect(someone.status).toBe(nobody.status);
    expect(JSON.stringify(someone)).not.toContain(outsider!.name);
  });

  it("names no type outside the scenario's schema in a validation error", async () => {
    const response = await city.query(
      '{ legalEntities(filter: { nope: 1 }) { nodes { name } } }',
      {},
      { authorization: `Bearer ${office}`, 'x-use-reason': 'x' },
    );
    expect(response.status).toBe(400);
    expect(response.body.errors).toEqual([expect.objectContaining({ message: HIDDEN_VALIDATION_MESSAGE, extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } })]);
    expect(JSON.stringify(response.body)).not.toContain('LegalEntityFilter');
    // The full-access scenario sees the type, so its error names it.
    const open = await city.query('{ legalEntities(filter: { nope: 1 }) { nodes { name } } }');
    expect(open.body.errors?.[0]?.message).toBe('Field "nope" is not defined by type "LegalEntityFilter".');
  });

  it('names no field outside the schema in a validation error (no "did you mean")', async () => {
    const response = await city.query('{ people(first: 1) { nodes { religio } } }', {}, { authorization: `Bearer ${office}`, 'x-use-reason': 'x' });
    expect(response.body.errors).toEqual([
      expect.objectContaining({
        message: 'Cannot query field "religio" on type "Person".',
        extensions: expect.objectContaining({ code: 'GRAPHQL_VALIDATION_FAILED' }),
      }),
    ]);
  });
});

describe('security: budgets hold per request, not per page', () => {
  const asOffice = (query: string, variables: Record<string, unknown> = {}) =>
    city.query(query, variables, { authorization: `Bearer ${office}`, 'x-use-reason': 'case 9' });
  const expectRecorded = async (response: GraphQLResponse, code: string) => {
    const [row] = await city.dbs.governance.query<RequestRow>(`SELECT * FROM audit_request WHERE request_id = $1`, [response.headers.get('x-request-id')]);
    expect(row).toMatchObject({ decision: 'REFUSED', error_codes: [code] });
  };

  it("counts the district office's 50 rows over every aliased search of a request", async () => {
    const twenty = Array.from({ length: 20 }, (_, i) => `p${i}: people(first: 4, after: null) { nodes { name } }`).join(' ');
    const response = await asOffice(`{ ${twenty} }`);
    expect(response.status).toBe(403);
    expect(response.body).toEqual({
      errors: [
        {
          message: 'Scenario "district-office" reads at most 50 rows per request: this request\'s searches ask for 80',
          extensions: { code: 'FORBIDDEN', constraint: 'maxRows', maxRows: 50 },
        },
      ],
    });
    await expectRecorded(response, 'FORBIDDEN');
    expect((await asOffice('{ a: people(first: 25) { nodes { name } } b: people(first: 25) { nodes { name } } }')).body.errors).toBeUndefined();
  });

  it('counts them over the operations of a batch too', async () => {
    const batch = [1, 2, 3].map(() => ({ query: '{ people(first: 20) { nodes { name } } }' }));
    const response = await city.post(city.url, JSON.stringify(batch), { authorization: `Bearer ${office}`, 'x-use-reason': 'x' });
    const bodies = response.body as unknown as { data?: unknown; errors?: { extensions: { code: string } }[] }[];
    expect(bodies.map((b) => b.errors?.[0]?.extensions.code ?? 'served')).toEqual(['served', 'served', 'FORBIDDEN']);
  });

  it.each([
    [
      'depth',
      `{ people(first: 1) { nodes { ${'residenceAddress { district { parent { parent { children { children { children { children { children { children { name } } } } } } } } } }'} } } }`,
      'Query depth limit of 12 exceeded, found 13.',
    ],
    ['aliases', `{ ${Array.from({ length: 31 }, (_, i) => `a${i}: division(code: "310101") { name }`).join(' ')} }`, 'Aliases limit of 30 exceeded, found 31.'],
  ])('refuses a request over the %s limit with LIMIT_EXCEEDED, and records it', async (limit, query, message) => {
    const response = await city.query(query);
    expect(response.status).toBe(400);
    expect(response.body.errors).toEqual([
      expect.objectContaining({ message, extensions: { code: 'LIMIT_EXCEEDED', limit, max: limit === 'depth' ? 12 : 30 } }),
    ]);
    await expectRecorded(response, 'LIMIT_EXCEEDED');
  });

  it('refuses a request that can return more rows than one request may', async () => {
    const response = await city.query(
      `{ ${Array.from({ length: 4 }, (_, i) => `p${i}: people(first: 100) { nodes { children { licenses { id } } } }`).join(' ')} }`,
    );
    expect(response.status).toBe(400);
    expect(response.body.errors?.[0]).toEqual({
      message: 'This request can return about 12404 rows, more than the 10000 one request may: ask for smaller pages',
      extensions: { code: 'LIMIT_EXCEEDED', limit: 'rows', max: 10000 },
    });
  });

  it('refuses a batch of more than 10 operations, and a document of more than 5,000 tokens', async () => {
    const batch = await city.post(city.url, JSON.stringify(Array.from({ length: 11 }, () => ({ query: '{ __typename }' }))), {
      authorization: `Bearer ${city.apiKey}`,
    });
    expect(batch).toMatchObject({
      status: 400,
      body: { errors: [{ message: 'A batch may hold at most 10 operations, got 11', extensions: { code: 'LIMIT_EXCEEDED', limit: 'batch', max: 10 } }] },
    });
    await expectRecorded(batch, 'LIMIT_EXCEEDED');
    const tokens = await city.query(`{ ${'__typename '.repeat(5001)} }`);
    expect(tokens.status).toBe(400);
    expect(tokens.body.errors?.[0]?.extensions?.code).toBe('GRAPHQL_PARSE_FAILED');
  });
});

describe('security: text filters match literally', () => {
  it.each(['%', '_', '王%', '%_%'])('a name prefix of %s matches names that begin with it, not a wildcard', async (prefix) => {
    const people = await city.query('query($p: String!) { people(filter: { namePrefix: $p }, first: 5) { nodes { name } } }', { p: prefix });
    expect(people.body).toEqual({ data: { people: { nodes: [] } } });
    const entities = await city.query('query($p: String!) { legalEntities(filter: { namePrefix: $p }, first: 5) { nodes { name } } }', { p: prefix });
    expect(entities.body).toEqual({ data: { legalEntities: { nodes: [] } } });
  });
});
