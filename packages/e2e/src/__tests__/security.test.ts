import { createScenarios, DEMO_SCENARIOS } from '@civicgraph/governance';
import { PrismaClient as GovernanceClient } from '@civicgraph/prisma/governance';
import { startTestCivicGraph, type GraphQLResponse, type TestCivicGraph } from '@civicgraph/testing';

/**
 * The platform's promise attacked as a client would: with real ids and values from the seeded city, every
 * response body, error and header searched for what the scenario may not see, every request looked up in
 * the request log.
 */

const demo = (code: string) => DEMO_SCENARIOS.find((s) => s.code === code)!;

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

describe('security: every request is on record, whatever its bytes', () => {
  let city: TestCivicGraph;
  let office: string;
  let officeApp: string;

  beforeAll(async () => {
    city = await startTestCivicGraph();
    const governance = new GovernanceClient({ adapter: city.dbs.governance.adapter });
    const [credentials] = await createScenarios(governance, [demo('district-office')]);
    office = credentials!.apiKey;
    officeApp = (await governance.application.findFirstOrThrow({ where: { scenarios: { some: { scenarioCode: 'district-office' } } } })).id;
  });
  afterAll(() => city?.stop());

  const asOffice = (query: string, headers: Record<string, string> = {}) =>
    city.query(query, {}, { authorization: `Bearer ${office}`, 'x-use-reason': 'case 2026-0042', ...headers });
  const recordOf = async (response: GraphQLResponse) => {
    const rows = await city.dbs.governance.query<RequestRow>(`SELECT * FROM audit_request WHERE request_id = $1 ORDER BY operation_index`, [
      response.headers.get('x-request-id'),
    ]);
    expect(rows).toHaveLength(1);
    return rows[0]!;
  };

  it('makes the request id itself: two apps sending the same X-Request-Id get two request ids, each keeping the client\'s as its correlation id', async () => {
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
    expect(await recordOf(response)).toMatchObject({ app: officeApp, scenario: 'district-office', use_reason: null, decision: 'REFUSED', error_codes: ['BAD_USER_INPUT'] });
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
    expect(response.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', problems: [{ argument: 'X-Use-Reason', reason: 'is not valid UTF-8' }] });
    expect(await recordOf(response)).toMatchObject({ app: officeApp, decision: 'REFUSED', error_codes: ['BAD_USER_INPUT'] });
  });

  it('refuses a correlation id that cannot be stored, and records it', async () => {
    const response = await asOffice('{ __typename }', { 'x-request-id': 'x'.repeat(129) });
    expect(response.status).toBe(400);
    expect(response.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', problems: [{ argument: 'X-Request-Id', reason: 'must be at most 128 characters' }] });
    expect(response.headers.get('x-correlation-id')).toBeNull();
    expect(await recordOf(response)).toMatchObject({ correlation_id: null, decision: 'REFUSED' });
  });

  it('records an operation name that is not a GraphQL name, escaped, with the refusal', async () => {
    const response = await city.post(city.url, JSON.stringify({ query: '{ __typename }', operationName: 'A\u0000B' }), { authorization: `Bearer ${office}`, 'x-use-reason': 'x' });
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
