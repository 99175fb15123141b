import { startTestCivicGraph, type TestCivicGraph } from '@civicgraph/platform';

/** Nothing a client receives may carry a stack trace, SQL or an internal path. */
function expectNoLeaks(body: unknown): void {
  const text = JSON.stringify(body);
  expect(text).not.toMatch(/stacktrace|\bat [\w.<>]+ \(|SELECT |INSERT |node_modules|prisma/i);
}

describe('bad input gets a stable code and a message that says what to fix', () => {
  let city: TestCivicGraph;
  beforeAll(async () => {
    city = await startTestCivicGraph();
  });
  afterAll(() => city?.stop());

  it.each([
    ['malformed GraphQL', '{ person(id: "x") { name }', {}, 400, 'GRAPHQL_PARSE_FAILED', 'Syntax Error: Expected Name, found <EOF>.'],
    ['an unknown field', '{ people { nodes { nickname } } }', {}, 400, 'GRAPHQL_VALIDATION_FAILED', 'Cannot query field "nickname" on type "Person".'],
    [
      'a wrong variable type',
      'query($n: Int!) { people(first: $n) { nodes { name } } }',
      { n: 'ten' },
      400,
      'BAD_USER_INPUT',
      'Variable "$n" got invalid value "ten"; Int cannot represent non-integer value: "ten"',
    ],
    [
      'a bad date (checked by the owning subgraph, which knows the scalar)',
      '{ people(filter: { birthDateFrom: "2020-02-30" }) { nodes { name } } }',
      {},
      200,
      'GRAPHQL_VALIDATION_FAILED',
      'Date must be a calendar date written YYYY-MM-DD, got "2020-02-30"',
    ],
  ])('%s', async (_case, query, variables, status, code, message) => {
    const response = await city.query(query, variables);
    expect({ status: response.status, errors: response.body.errors }).toMatchObject({ status });
    expect(response.body.errors).toEqual([expect.objectContaining({ message, extensions: expect.objectContaining({ code }) })]);
    expectNoLeaks(response.body);
  });

  it.each([
    ['personByIdNumber(idNumber: "110105194912310021") { id }', 'idNumber', 'check character should be X'],
    ['personByIdNumber(idNumber: "310115199002301231") { id }', 'idNumber', 'birth date 19900230 is not a valid date'],
    ['legalEntityByUscc(uscc: "91350100M000100Y4I") { id }', 'uscc', 'character "I" is not allowed (the alphabet has no I, O, Z, S or V)'],
    ['person(id: "42") { id }', 'id', 'not a CivicGraph record id'],
    ['people(first: 101) { nodes { id } }', 'first', 'must be between 1 and 100, got 101'],
    ['people(first: 0) { nodes { id } }', 'first', 'must be between 1 and 100, got 0'],
    ['people(after: "bm9wZQ") { nodes { id } }', 'after', 'not a cursor returned by this API'],
    [
      'people(filter: { residenceDistrictCode: "3101" }) { nodes { id } }',
      'filter.residenceDistrictCode',
      'must be 6 digits (GB/T 2260) or 9 digits (township)',
    ],
    ['people(filter: { householdDistrictCode: "310000" }) { nodes { id } }', 'filter.householdDistrictCode', 'must be a 6-digit district code, e.g. 310115'],
    [
      'people(filter: { birthDateFrom: "2000-01-01", birthDateTo: "1990-01-01" }) { nodes { id } }',
      'filter.birthDateFrom',
      'must not be after filter.birthDateTo',
    ],
    ['division(code: "99") { name }', 'code', 'must be 6 digits (GB/T 2260) or 9 digits (township)'],
    ['license(identifier: "1.2.156.3005.2.X") { id }', 'identifier', 'must have 5 segments after the prefix: type, issuer USCC, serial, version, check'],
    [
      'licensesByHolder(holderIdentifier: "123") { id }',
      'holderIdentifier',
      'neither a valid citizen ID number (must be 18 characters, got 3) nor a valid USCC (must be 18 characters, got 3)',
    ],
    ['addressesNear(latitude: 31.2, longitude: 121.4, radiusMeters: 50000) { distanceMeters }', 'radiusMeters', 'must be more than 0 and at most 5000'],
  ])('%s → BAD_USER_INPUT naming the argument', async (field, argument, reason) => {
    const response = await city.query(`{ ${field} }`);
    expect(response.status).toBe(200);
    expect(response.body.errors).toEqual([
      expect.objectContaining({
        message: `Argument "${argument}" is invalid: ${reason}`,
        extensions: expect.objectContaining({ code: 'BAD_USER_INPUT', argument, reason }),
      }),
    ]);
    expectNoLeaks(response.body);
  });

  it('refuses a body that is not JSON with 400 BAD_REQUEST', async () => {
    const response = await city.post(city.url, '{"query": ', { authorization: `Bearer ${city.apiKey}` });
    expect(response).toMatchObject({ status: 400, body: { errors: [{ message: 'Request body is not valid JSON', extensions: { code: 'BAD_REQUEST' } }] } });
  });

  it('refuses a request without a query', async () => {
    const response = await city.post(city.url, '{}', { authorization: `Bearer ${city.apiKey}` });
    expect(response.status).toBe(400);
    expect(response.body.errors?.[0]?.extensions?.code).toBe('BAD_REQUEST');
  });

  it("makes every request id itself and echoes a client's own as its correlation id", async () => {
    const given = await city.query('{ __typename }', {}, { 'x-request-id': 'case-2026-001' });
    expect(given.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    expect(given.headers.get('x-correlation-id')).toBe('case-2026-001');
    const made = await city.query('{ __typename }');
    expect(made.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    expect(made.headers.get('x-correlation-id')).toBeNull();
  });

  it('masks an unexpected failure as INTERNAL_SERVER_ERROR without its cause', async () => {
    // A broken table stands in for any fault behind a resolver.
    await city.dbs.spatial.exec('ALTER TABLE division RENAME TO division_broken');
    try {
      const response = await city.query('{ division(code: "310115") { name } }');
      expect(response.body.errors).toEqual([
        expect.objectContaining({ message: 'Internal server error', extensions: expect.objectContaining({ code: 'INTERNAL_SERVER_ERROR' }) }),
      ]);
      expectNoLeaks(response.body);
    } finally {
      await city.dbs.spatial.exec('ALTER TABLE division_broken RENAME TO division');
    }
  });
});
