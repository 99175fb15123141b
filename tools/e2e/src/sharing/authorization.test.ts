import { randomUUID } from 'node:crypto';
import { createScenarios, type ScenarioDefinition, startTestCivicGraph, type TestCivicGraph } from '@civicgraph/platform';
import {
  BINDING_HEADER,
  CONTEXT_HEADER,
  applyMask,
  bindContext,
  contextBindingKey,
  generateContextSigningKey,
  signRequestContext,
  signSharedContext,
} from '@civicgraph/policy';
import { PrismaClient as GovernanceClient } from '@civicgraph/prisma/governance';
import { issueAdminKey } from '@civicgraph/governance-subgraph';

const NARROW: ScenarioDefinition = {
  code: 'narrow',
  name: 'Narrow test scenario',
  purpose: 'tests',
  legalBasis: 'tests',
  departmentCode: 'SH-BDC',
  useReasonRequired: false,
  grants: ['Query.person', 'Query.license', 'Person.id', 'Person.name', 'Person.licenses', 'License.name', 'License.holder', 'LegalEntity.name'],
};

describe('scenario authorization at the gateway', () => {
  let city: TestCivicGraph;
  let governance: GovernanceClient;
  let narrowKey: string;
  let personId: string;
  let identifier: string;

  /** Creates a scenario with one bound app and returns the app's API key. */
  const keyFor = async (definition: ScenarioDefinition) => (await createScenarios(governance, [definition]))[0]!.apiKey;
  const as = (key: string, headers: Record<string, string> = {}) => ({ authorization: `Bearer ${key}`, ...headers });
  const settle = () => new Promise((resolve) => setTimeout(resolve, 300)); // past the gateway's 200 ms test cache

  beforeAll(async () => {
    city = await startTestCivicGraph();
    governance = new GovernanceClient({ adapter: city.dbs.governance.adapter });
    narrowKey = await keyFor(NARROW);
    [{ id: personId }] = (await city.dbs.population.query<{ id: string }>('SELECT id FROM person ORDER BY id LIMIT 1')) as [{ id: string }];
    [{ identifier }] = (await city.dbs['e-license'].query<{ identifier: string }>(
      `SELECT identifier FROM license WHERE holder_kind = 'PERSON' ORDER BY id LIMIT 1`,
    )) as [{ identifier: string }];
  });
  afterAll(() => city?.stop());

  describe('the scenario schema for tools (GET /schema.graphql)', () => {
    const schemaOf = (key: string) => fetch(city.url.replace(/\/graphql$/, '/schema.graphql'), { headers: { authorization: `Bearer ${key}` } });

    it("serves exactly the scenario's contract, each field saying its mask, expiry, owner and sharing, the query type its row constraints", async () => {
      const key = await keyFor({
        ...NARROW,
        code: 'described',
        grants: ['Query.person', 'Person.id', 'Person.name', 'Person.idNumber'],
        masks: { 'Person.idNumber': 'ID_NUMBER' },
        constraints: { lookupOnly: true },
      });
      const until = new Date(Date.now() + 30 * 86_400_000);
      await governance.grant.updateMany({ where: { scenarioCode: 'described', coordinate: 'Person.name' }, data: { expiresAt: until } });
      await settle();
      const response = await schemaOf(key);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
      const sdl = await response.text();
      expect(sdl).toMatch(/Scenario "described", grant version \d+\.\nRows: lookups by key only, no searches\./);
      expect(sdl).toContain('Masked for this scenario (ID_NUMBER). Owner SH-PSB; sharing CONDITIONAL; grade');
      expect(sdl).toContain(`Granted until ${until.toISOString()}. Owner SH-PSB;`);
      // Nothing the scenario may not read: no other field, no other root field, no type it cannot reach.
      expect(sdl).not.toMatch(/\bphone\b|\bpeople\b|\blicenses\b|type License\b/);
      expect(sdl).toMatch(/type Query \{[^}]*person\(id: ID!\): Person\s*\}/);
      // Administrators preview the same, without one of the scenario's keys.
      const { apiKey: adminKey } = await issueAdminKey(governance, 'Schema preview');
      const preview = await city.query('query($code: String!) { scenarioSchema(code: $code) }', { code: 'described' }, { authorization: `Bearer ${adminKey}` });
      expect(preview.body).toEqual({ data: { scenarioSchema: sdl } });
    });

    it('refuses a missing or unknown key as /graphql does', async () => {
      const response = await schemaOf('cg_unknownkey_000000000000000000000000');
      expect(response.status).toBe(401);
      expect(await response.json()).toEqual({ errors: [expect.objectContaining({ extensions: { code: 'UNAUTHENTICATED' } })] });
    });
  });

  describe('credentials', () => {
    it.each([
      ['no credential', {}, 'Send the application\'s API key as "Authorization: Bearer <key>"'],
      ['an unknown key', { authorization: 'Bearer cg_unknown' }, 'The API key is unknown or has been revoked'],
      ['a malformed header', { authorization: 'Basic abc' }, 'Send the application\'s API key as "Authorization: Bearer <key>"'],
    ])('refuses %s with 401 UNAUTHENTICATED and no data', async (_case, headers, message) => {
      const response = await city.query('{ person(id: "x") { name } }', {}, { authorization: '', ...headers });
      expect(response.status).toBe(401);
      expect(response.body).toEqual({ errors: [{ message, extensions: { code: 'UNAUTHENTICATED' } }] });
    });

    it('refuses a revoked key', async () => {
      const apiKey = await keyFor({ ...NARROW, code: 'revocable' });
      expect((await city.query('{ person(id: "00000000-0000-4000-8000-000000000000") { name } }', {}, as(apiKey))).status).toBe(200);
      await city.dbs.governance.query(`UPDATE api_key SET revoked_at = now() WHERE prefix = $1`, [apiKey.slice(0, 10)]);
      await settle();
      const response = await city.query('{ person(id: "00000000-0000-4000-8000-000000000000") { name } }', {}, as(apiKey));
      expect(response).toMatchObject({ status: 401, body: { errors: [{ extensions: { code: 'UNAUTHENTICATED' } }] } });
    });
  });

  describe('field grants', () => {
    const forbidden = (notGranted: string[]) => ({
      status: 403,
      body: { errors: [{ message: `Scenario "narrow" is not granted ${notGranted.join(', ')}`, extensions: { code: 'FORBIDDEN', notGranted } }] },
    });

    it('serves what is granted', async () => {
      const response = await city.query(`query($id: ID!) { person(id: $id) { name licenses { name } } }`, { id: personId }, as(narrowKey));
      expect(response.status).toBe(200);
      expect(response.body.errors).toBeUndefined();
      expect(response.body.data!.person.name).toEqual(expect.any(String));
    });

    it.each([
      ['a forbidden field', '{ person(id: "x") { name phone } }'],
      ['an alias of a forbidden field', '{ person(id: "x") { name tel: phone } }'],
      ['a forbidden field in a named fragment', '{ person(id: "x") { ...P } } fragment P on Person { phone }'],
      ['a forbidden field in a nested fragment', '{ person(id: "x") { ...A } } fragment A on Person { name ...B } fragment B on Person { phone }'],
      ['a forbidden field under @include(if: false)', '{ person(id: "x") { name phone @include(if: false) } }'],
      ['a forbidden field under @skip(if: true)', '{ person(id: "x") { name phone @skip(if: true) } }'],
      ['a forbidden field behind a variable condition', 'query($show: Boolean = false) { person(id: "x") { name phone @include(if: $show) } }'],
    ])('refuses %s before any subgraph is called', async (_case, query) => {
      const before = city.dbs.population.statements.count;
      expect(await city.query(query, {}, as(narrowKey))).toMatchObject(forbidden(['Person.phone']));
      expect(city.dbs.population.statements.count).toBe(before);
    });

    it('refuses a forbidden field on a union member reached through an inline fragment', async () => {
      const query = `query($id: String!) { license(identifier: $id) { holder { ... on Person { idNumber } ... on LegalEntity { name } } } }`;
      expect(await city.query(query, { id: identifier }, as(narrowKey))).toMatchObject(forbidden(['Person.idNumber']));
    });

    it('lists every coordinate not granted', async () => {
      expect(await city.query('{ person(id: "x") { phone idNumber residenceAddress { fullText } } }', {}, as(narrowKey))).toMatchObject(
        forbidden(['Address.fullText', 'Person.idNumber', 'Person.phone', 'Person.residenceAddress']),
      );
    });

    it("answers introspection from the scenario's own schema: hidden types and fields do not exist", async () => {
      const { body } = await city.query(
        `{ __schema { queryType { fields { name } } types { name } }
           person: __type(name: "Person") { fields { name } }
           entity: __type(name: "LegalEntity") { fields { name } }
           hidden: __type(name: "Division") { name } }`,
        {},
        as(narrowKey),
      );
      expect(body.errors).toBeUndefined();
      const schema = body.data!.__schema;
      expect(schema.queryType.fields.map((f: { name: string }) => f.name).sort()).toEqual(['license', 'person']);
      expect(
        schema.types
          .map((t: { name: string }) => t.name)
          .filter((n: string) => !n.startsWith('__'))
          .sort(),
      ).toEqual(['Boolean', 'ID', 'LegalEntity', 'License', 'LicenseHolder', 'LicenseStatus', 'Person', 'Query', 'String']);
      expect(body.data!.person.fields.map((f: { name: string }) => f.name).sort()).toEqual(['id', 'licenses', 'name']);
      expect(body.data!.entity.fields).toEqual([{ name: 'name' }]);
      expect(body.data!.hidden).toBeNull();
    });

    it('refuses introspection, with a code, to a scenario granted mutations only (no query type to show), and serves it its SDL', async () => {
      const key = await keyFor({ ...NARROW, code: 'submit-only', grants: ['Mutation.submitShareRequest', 'ShareRequest.id'] });
      expect(await city.query('{ __schema { types { name fields { name } } } }', {}, as(key))).toMatchObject({
        status: 403,
        body: {
          errors: [
            {
              message:
                'Scenario "submit-only" is granted no field it could query, and introspection needs one: read its schema (mutations only) from GET /schema.graphql',
              extensions: { code: 'FORBIDDEN' },
            },
          ],
        },
      });
      const sdl = await (await fetch(city.url.replace(/\/graphql$/, '/schema.graphql'), { headers: { authorization: `Bearer ${key}` } })).text();
      expect(sdl).toMatch(/type Mutation \{[^}]*submitShareRequest\(input: ShareRequestInput!\): ShareRequest!/);
    });

    it('refuses introspection mixed with data fields', async () => {
      expect(await city.query(`{ person(id: "x") { name } __type(name: "Person") { fields { name } } }`, {}, as(narrowKey))).toMatchObject({
        status: 400,
        body: {
          errors: [{ message: 'Send introspection (__schema, __type) in an operation of its own, without data fields', extensions: { code: 'BAD_REQUEST' } }],
        },
      });
    });

    it('always allows __typename', async () => {
      expect((await city.query('{ __typename }', {}, as(narrowKey))).body).toEqual({ data: { __typename: 'Query' } });
    });

    it('checks each operation of a batch on its own', async () => {
      const response = await city.post(city.url, JSON.stringify([{ query: '{ __typename }' }, { query: '{ person(id: "x") { phone } }' }]), as(narrowKey));
      expect(response.body).toEqual([
        { data: { __typename: 'Query' } },
        { errors: [{ message: 'Scenario "narrow" is not granted Person.phone', extensions: { code: 'FORBIDDEN', notGranted: ['Person.phone'] } }] },
      ]);
    });

    it('applies a new grant, and an expired one, without a restart', async () => {
      const query = '{ person(id: "00000000-0000-4000-8000-000000000000") { gender } }';
      expect((await city.query(query, {}, as(narrowKey))).status).toBe(403);
      await governance.grant.create({ data: { scenarioCode: 'narrow', coordinate: 'Person.gender' } });
      await settle();
      expect(await city.query(query, {}, as(narrowKey))).toMatchObject({ status: 200, body: { data: { person: null } } });
      await governance.grant.update({
        where: { scenarioCode_coordinate: { scenarioCode: 'narrow', coordinate: 'Person.gender' } },
        data: { expiresAt: new Date(Date.now() - 1000) },
      });
      await settle();
      expect(await city.query(query, {}, as(narrowKey))).toMatchObject(forbidden(['Person.gender']));
    });
  });

  describe('scenarios', () => {
    it('refuses a suspended, a not yet valid and an expired scenario', async () => {
      const apiKey = await keyFor({ ...NARROW, code: 'lifecycle' });
      const query = '{ __typename }';
      const cases: [Record<string, unknown>, string][] = [
        [{ status: 'SUSPENDED' }, 'Scenario "lifecycle" is suspended'],
        [{ status: 'ACTIVE', validFrom: new Date('2099-01-01T00:00:00Z') }, 'Scenario "lifecycle" is not valid before 2099-01-01T00:00:00.000Z'],
        [
          { validFrom: new Date('2020-01-01T00:00:00Z'), validUntil: new Date('2021-01-01T00:00:00Z') },
          'Scenario "lifecycle" expired at 2021-01-01T00:00:00.000Z',
        ],
      ];
      for (const [change, message] of cases) {
        await governance.scenario.update({ where: { code: 'lifecycle' }, data: { ...change, version: { increment: 1 } } });
        await settle();
        expect(await city.query(query, {}, as(apiKey))).toMatchObject({ status: 403, body: { errors: [{ message, extensions: { code: 'FORBIDDEN' } }] } });
      }
    });

    it('asks an app with several scenarios to name one, and refuses one it is not bound to', async () => {
      const apiKey = await keyFor({ ...NARROW, code: 'first' });
      await createScenarios(governance, [{ ...NARROW, code: 'second' }]);
      const app = await governance.apiKey.findFirstOrThrow({ where: { prefix: apiKey.slice(0, 10) } });
      await governance.scenarioApplication.create({ data: { scenarioCode: 'second', applicationId: app.applicationId } });
      await settle();
      expect(await city.query('{ __typename }', {}, as(apiKey))).toMatchObject({
        status: 400,
        body: {
          errors: [
            {
              message: 'The application is bound to several scenarios (first, second): name one with the X-Scenario header',
              extensions: { code: 'BAD_REQUEST' },
            },
          ],
        },
      });
      expect((await city.query('{ __typename }', {}, as(apiKey, { 'x-scenario': 'second' }))).body).toEqual({ data: { __typename: 'Query' } });
      expect(await city.query('{ __typename }', {}, as(apiKey, { 'x-scenario': 'narrow' }))).toMatchObject({
        status: 403,
        body: { errors: [{ message: 'The application is not bound to scenario "narrow"', extensions: { code: 'FORBIDDEN' } }] },
      });
    });

    it('requires a use reason where the scenario says so, at most 200 characters', async () => {
      const apiKey = await keyFor({ ...NARROW, code: 'with-reason', useReasonRequired: true });
      expect(await city.query('{ __typename }', {}, as(apiKey))).toMatchObject({
        status: 403,
        body: { errors: [{ message: 'Scenario "with-reason" requires a use reason: send the X-Use-Reason header', extensions: { code: 'FORBIDDEN' } }] },
      });
      expect((await city.query('{ __typename }', {}, as(apiKey, { 'x-use-reason': encodeURIComponent('出生登记 case 2026-0042') }))).status).toBe(200);
      expect(await city.query('{ __typename }', {}, as(apiKey, { 'x-use-reason': 'x'.repeat(201) }))).toMatchObject({
        status: 400,
        body: { errors: [{ extensions: { code: 'BAD_USER_INPUT' } }] },
      });
    });
  });

  describe('subgraphs trust only the gateway', () => {
    const entities = JSON.stringify({
      query: `query($r: [_Any!]!) { _entities(representations: $r) { ... on Person { name phone } } }`,
      variables: { r: [{ __typename: 'Person', id: randomUUID() }] },
    });
    const claims = {
      requestId: 'attack',
      app: 'x',
      department: 'TEST',
      scenario: 'narrow',
      grantVersion: 1,
      subject: null,
      useReason: null,
      grants: NARROW.grants,
      masks: {},
      constraints: {},
    };

    it.each([
      ['no context', async () => ({})],
      ['a context signed by another key', async () => await signRequestContext(claims, generateContextSigningKey().privateKey, { audience: 'population' })],
      ['an expired context', async () => await signRequestContext(claims, city.contextKey.privateKey, { audience: 'population', ttlSeconds: -60 })],
      ['a context for another subgraph', async () => await signRequestContext(claims, city.contextKey.privateKey, { audience: 'e-license' })],
      [
        'a valid context without its binding to a request',
        async () => {
          const { [CONTEXT_HEADER]: context } = await signRequestContext(claims, city.contextKey.privateKey, { audience: 'population' });
          return { [CONTEXT_HEADER]: context! };
        },
      ],
      [
        // What a context seen on the wire is worth: its binding names its request, and only the gateway can bind another.
        'a valid context rebound to another request id',
        async () => {
          const headers = await signRequestContext(claims, city.contextKey.privateKey, { audience: 'population' });
          const rebound = headers[BINDING_HEADER]!.replace(/^[^.]+/, Buffer.from('another-request').toString('base64url'));
          return { ...headers, [BINDING_HEADER]: rebound };
        },
      ],
      [
        'a valid context bound with another subgraph’s key',
        async () => {
          const { requestId, ...shared } = claims;
          const signed = signSharedContext(shared, city.contextKey.privateKey, { audience: 'population' });
          const binding = bindContext(signed, { requestId }, contextBindingKey(city.contextKey.privateKey, 'e-license'));
          return { [CONTEXT_HEADER]: signed.token, [BINDING_HEADER]: binding };
        },
      ],
    ])('refuses _entities and _service with %s', async (_case, headers) => {
      for (const body of [entities, JSON.stringify({ query: '{ _service { sdl } }' })]) {
        const response = await city.post(city.subgraphUrls.population, body, await headers());
        expect(response.status).toBe(401);
        expect(response.body.errors).toEqual([expect.objectContaining({ extensions: { code: 'UNAUTHENTICATED' } })]);
        expect(response.body.data).toBeUndefined();
      }
    });

    it('still enforce the grants inside a valid context: a field the scenario lacks is null with FORBIDDEN at its path', async () => {
      const token = await signRequestContext(claims, city.contextKey.privateKey, { audience: 'population' });
      const response = await city.post(
        city.subgraphUrls.population,
        JSON.stringify({
          query: `query($r: [_Any!]!) { _entities(representations: $r) { ... on Person { name phone } } }`,
          variables: { r: [{ __typename: 'Person', id: personId }] },
        }),
        token,
      );
      expect(response.body.data).toEqual({ _entities: [{ name: expect.any(String), phone: null }] });
      expect(response.body.errors).toEqual([
        expect.objectContaining({
          message: 'Scenario "narrow" is not granted Person.phone',
          path: ['_entities', 0, 'phone'],
          extensions: { code: 'FORBIDDEN', notGranted: ['Person.phone'] },
        }),
      ]);
    });

    it('checks field by field whenever anything the operation reaches is not granted, however it is spelled', async () => {
      const token = await signRequestContext(claims, city.contextKey.privateKey, { audience: 'population' });
      const send = (query: string) =>
        city.post(city.subgraphUrls.population, JSON.stringify({ query, variables: { r: [{ __typename: 'Person', id: personId }] } }), token);
      const granted = await send('query($r: [_Any!]!) { _entities(representations: $r) { ... on Person { name } } }');
      expect(granted.body).toEqual({ data: { _entities: [{ name: expect.any(String) }] } });
      const hidden = await send('query($r: [_Any!]!) { _entities(representations: $r) { ...P } } fragment P on Person { n: name tel: phone @skip(if: true) }');
      expect(hidden.body.data).toEqual({ _entities: [{ n: expect.any(String) }] });
      const skipped = await send(
        'query($r: [_Any!]!) { _entities(representations: $r) { ...P } } fragment P on Person { n: name tel: phone @include(if: true) }',
      );
      expect(skipped.body.data).toEqual({ _entities: [{ n: expect.any(String), tel: null }] });
      expect(skipped.body.errors).toEqual([
        expect.objectContaining({ path: ['_entities', 0, 'tel'], extensions: { code: 'FORBIDDEN', notGranted: ['Person.phone'] } }),
      ]);
    });
  });

  describe('masking in the owning subgraph', () => {
    it('masks granted fields the scenario reads masked; the raw value never leaves the subgraph', async () => {
      const key = await keyFor({
        ...NARROW,
        code: 'masked',
        // Address.division: the address mask may show the township, which the scenario may read anyway.
        grants: [...NARROW.grants, 'Person.idNumber', 'Person.residenceAddress', 'Address.fullText', 'Address.division'],
        masks: { 'Person.name': 'NAME', 'Person.idNumber': 'ID_NUMBER', 'Address.fullText': 'ADDRESS' },
      });
      const [raw] = await city.dbs.population.query<{ name: string; id_number: string; residence_address_id: string }>(
        'SELECT name, id_number, residence_address_id FROM person WHERE id = $1',
        [personId],
      );
      const [address] = await city.dbs.spatial.query<{ full_text: string }>('SELECT full_text FROM address WHERE id = $1', [raw!.residence_address_id]);
      const { body } = await city.query(`query($id: ID!) { person(id: $id) { name idNumber residenceAddress { fullText } } }`, { id: personId }, as(key));
      expect(body).toEqual({
        data: {
          person: {
            name: applyMask('NAME', raw!.name),
            // Not granted the gender, so the gender digit (the 17th) is hidden too.
            idNumber: `${raw!.id_number.slice(0, 6)}********${raw!.id_number.slice(-4, -2)}*${raw!.id_number.slice(-1)}`,
            residenceAddress: { fullText: applyMask('ADDRESS', address!.full_text) },
          },
        },
      });
      expect(JSON.stringify(body)).not.toContain(raw!.id_number);
      expect(body.data!.person.residenceAddress.fullText).toMatch(/^上海市.+(街道|镇|乡|区)\*{4}$/);
    });
  });
});
