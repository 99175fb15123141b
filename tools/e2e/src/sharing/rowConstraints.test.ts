import { randomUUID } from 'node:crypto';
import { createScenarios, DEMO_SCENARIOS, type ScenarioDefinition, startTestCivicGraph, type TestCivicGraph } from '@civicgraph/platform';
import { generateIdentityProviderKey, maskIdNumber, mintSubjectToken, signRequestContext, type RequestContextClaims } from '@civicgraph/policy';
import { PrismaClient as GovernanceClient } from '@civicgraph/prisma/governance';

const demo = (code: string) => DEMO_SCENARIOS.find((s) => s.code === code)!;

/** A self-only scenario reaching further than the demo one: parents, entity lookups, license lookups. */
const SELF: ScenarioDefinition = {
  ...demo('citizen-self-service'),
  code: 'self-test',
  grants: [
    ...demo('citizen-self-service').grants,
    'Query.person',
    'Query.legalEntityByUscc',
    'Query.license',
    'Query.people',
    'Person.father',
    'Person.children',
    'LegalEntity.legalRepresentative',
    'PersonConnection.nodes',
  ],
};

interface Row {
  id: string;
  id_number: string;
  name: string;
  residence_district_code: string;
  household_district_code: string;
  father_id: string | null;
}

/** A valid ID number (GB 11643's own example, issued in Beijing) that nobody in the seeded Shanghai city holds. */
const NOBODY_ID_NUMBER = '11010519491231002X';

describe('row constraints', () => {
  let city: TestCivicGraph;
  let keys: Record<string, string>;
  /** A citizen who represents an entity and has a registered father. */
  let citizen: Row;
  let other: Row;
  let ownEntity: { uscc: string };
  let otherEntity: { uscc: string };
  let ownLicense: string;
  let otherLicense: string;

  const as = (code: string, headers: Record<string, string> = {}) => ({ authorization: `Bearer ${keys[code]}`, ...headers });

  beforeAll(async () => {
    city = await startTestCivicGraph();
    const governance = new GovernanceClient({ adapter: city.dbs.governance.adapter });
    const credentials = await createScenarios(governance, [
      SELF,
      demo('district-office'),
      { ...demo('district-office'), code: 'lookup-only', useReasonRequired: false, constraints: { lookupOnly: true } },
      {
        ...demo('district-office'),
        code: 'district-licenses',
        useReasonRequired: false,
        grants: [...demo('district-office').grants, 'Query.license', 'License.name'],
      },
    ]);
    keys = Object.fromEntries(credentials.map((c) => [c.code, c.apiKey]));
    const representatives = await city.dbs['legal-entity'].query<{ representative_id_number: string; uscc: string }>(
      'SELECT representative_id_number, uscc FROM legal_entity ORDER BY id',
    );
    const people = await city.dbs.population.query<Row>(
      'SELECT id, id_number, name, residence_district_code, household_district_code, father_id FROM person ORDER BY id',
    );
    citizen = people.find((p) => p.father_id && representatives.some((r) => r.representative_id_number === p.id_number))!;
    other = people.find((p) => p.id !== citizen.id && p.id !== citizen.father_id)!;
    ownEntity = representatives.find((r) => r.representative_id_number === citizen.id_number)!;
    otherEntity = representatives.find((r) => r.representative_id_number !== citizen.id_number)!;
    const licenses = await city.dbs['e-license'].query<{ identifier: string; holder_identifier: string }>(
      `SELECT identifier, holder_identifier FROM license WHERE holder_kind = 'PERSON' ORDER BY id`,
    );
    ownLicense = licenses.find((l) => l.holder_identifier === citizen.id_number)?.identifier ?? '';
    otherLicense = licenses.find((l) => l.holder_identifier !== citizen.id_number)!.identifier;
    expect(citizen && ownEntity && otherEntity && ownLicense).toBeTruthy();
  });
  afterAll(() => city?.stop());

  const outside = (path: (string | number)[], constraint: string) =>
    expect.objectContaining({ path, extensions: expect.objectContaining({ code: 'FORBIDDEN', constraint }) });

  describe('self only', () => {
    const selfAs = async (idNumber: string) => as('self-test', { 'x-subject-token': await city.subjectToken(idNumber) });

    it('requires a subject token, and refuses a forged, expired or malformed one', async () => {
      const query = '{ __typename }';
      const cases: [Record<string, string>, string][] = [
        [as('self-test'), `Scenario "self-test" reads only the citizen's own records: send the citizen's X-Subject-Token`],
        [
          as('self-test', { 'x-subject-token': await mintSubjectToken(citizen.id_number, generateIdentityProviderKey().privateKey) }),
          'The subject token is not a valid token from the configured identity provider',
        ],
        [as('self-test', { 'x-subject-token': await city.subjectToken(citizen.id_number, { ttlSeconds: -60 }) }), 'The subject token has expired'],
        [
          as('self-test', { 'x-subject-token': await city.subjectToken(citizen.id_number, { issuer: 'someone-else' }) }),
          "The subject token's iss claim is not accepted",
        ],
        [
          as('self-test', { 'x-subject-token': await city.subjectToken('110105194912310021') }),
          "The subject token's sub is not a citizen ID number: check character should be X",
        ],
        [as('self-test', { 'x-subject-token': 'not-a-jwt' }), 'The subject token is not a valid token from the configured identity provider'],
      ];
      for (const [headers, message] of cases) {
        expect(await city.query(query, {}, headers)).toMatchObject({ status: 401, body: { errors: [{ message, extensions: { code: 'UNAUTHENTICATED' } }] } });
      }
    });

    it("serves the citizen's own record, licenses and represented entities", async () => {
      const { body } = await city.query(
        `query($n: String!) { personByIdNumber(idNumber: $n) { idNumber name phone licenses { identifier } representedEntities { uscc } } }`,
        { n: citizen.id_number },
        await selfAs(citizen.id_number),
      );
      expect(body.errors).toBeUndefined();
      expect(body.data!.personByIdNumber).toMatchObject({ idNumber: citizen.id_number, name: citizen.name });
      expect(body.data!.personByIdNumber.licenses).toContainEqual({ identifier: ownLicense });
      expect(body.data!.personByIdNumber.representedEntities).toContainEqual({ uscc: ownEntity.uscc });
    });

    it("answers another citizen's record exactly as a record that does not exist", async () => {
      for (const [query, variables, nobody] of [
        ['query($n: String!) { personByIdNumber(idNumber: $n) { name } }', { n: other.id_number }, { n: NOBODY_ID_NUMBER }],
        ['query($id: ID!) { person(id: $id) { name } }', { id: other.id }, { id: randomUUID() }],
      ] as const) {
        const someone = await city.query(query, variables, await selfAs(citizen.id_number));
        const none = await city.query(query, nobody, await selfAs(citizen.id_number));
        expect(someone.body).toEqual(none.body);
        expect(someone.status).toBe(none.status);
        expect(someone.body.data).toEqual({ [Object.keys(someone.body.data!)[0]!]: null });
        expect(JSON.stringify(someone.body)).not.toContain(other.name);
      }
    });

    it('answers another citizen reached through a reference (a parent) as no parent, keeping the rest of the answer', async () => {
      const { body } = await city.query(
        'query($n: String!) { personByIdNumber(idNumber: $n) { name father { name } children { name } } }',
        { n: citizen.id_number },
        await selfAs(citizen.id_number),
      );
      expect(body).toEqual({ data: { personByIdNumber: { name: citizen.name, father: null, children: [] } } });
    });

    it("answers another's entity and license as none, refuses another's holder identifier whoever holds it, and searches only the subject", async () => {
      const entity = await city.query(
        'query($u: String!) { legalEntityByUscc(uscc: $u) { name legalRepresentative { name } } }',
        { u: otherEntity.uscc },
        await selfAs(citizen.id_number),
      );
      expect(entity.body).toEqual({ data: { legalEntityByUscc: null } });

      const own = await city.query(
        'query($u: String!) { legalEntityByUscc(uscc: $u) { legalRepresentative { name } } }',
        { u: ownEntity.uscc },
        await selfAs(citizen.id_number),
      );
      expect(own.body).toEqual({ data: { legalEntityByUscc: { legalRepresentative: { name: citizen.name } } } });

      const license = await city.query('query($i: String!) { license(identifier: $i) { name } }', { i: otherLicense }, await selfAs(citizen.id_number));
      expect(license.body).toEqual({ data: { license: null } });

      const byHolder = await city.query(
        'query($h: String!) { licensesByHolder(holderIdentifier: $h) { name } }',
        { h: other.id_number },
        await selfAs(citizen.id_number),
      );
      expect(byHolder.body.errors).toEqual([outside(['licensesByHolder'], 'selfOnly')]);

      const search = await city.query('{ people(first: 100) { nodes { idNumber } } }', {}, await selfAs(citizen.id_number));
      expect(search.body).toEqual({ data: { people: { nodes: [{ idNumber: citizen.id_number }] } } });
    });

    it('is enforced by the owner even inside a valid signed context: _entities for another citizen is refused', async () => {
      const claims: RequestContextClaims = {
        requestId: 'self-attack',
        app: 'x',
        department: 'TEST',
        scenario: 'self-test',
        grantVersion: 1,
        subject: citizen.id_number,
        useReason: null,
        grants: SELF.grants,
        masks: {},
        constraints: { selfOnly: true },
      };
      const response = await city.post(
        city.subgraphUrls.population,
        JSON.stringify({
          query: 'query($r: [_Any!]!) { _entities(representations: $r) { ... on Person { name } } }',
          variables: {
            r: [
              { __typename: 'Person', id: other.id },
              { __typename: 'Person', id: citizen.id },
            ],
          },
        }),
        await signRequestContext(claims, city.contextKey.privateKey, { audience: 'population' }),
      );
      expect(response.body.data).toEqual({ _entities: [null, { name: citizen.name }] });
      expect(response.body.errors).toEqual([outside(['_entities', 0], 'selfOnly')]);
    });
  });

  describe('districts', () => {
    const office = (headers: Record<string, string> = {}) => as('district-office', { 'x-use-reason': 'community case 17', ...headers });

    it('searches only its districts, masks ID numbers and caps the page size', async () => {
      const { body } = await city.query('{ people(first: 50) { nodes { idNumber residenceDistrict { code } householdDistrict { code } } } }', {}, office());
      expect(body.errors).toBeUndefined();
      const nodes = body.data!.people.nodes as { idNumber: string; residenceDistrict: { code: string }; householdDistrict: { code: string } }[];
      expect(nodes.length).toBeGreaterThan(0);
      for (const node of nodes) {
        expect([node.residenceDistrict.code, node.householdDistrict.code]).toContain('310101');
        expect(node.idNumber).toMatch(/^\d{6}\*{8}[\dX]{4}$/);
      }
      const tooMany = await city.query('{ people(first: 51) { nodes { name } } }', {}, office());
      expect(tooMany.body.errors).toEqual([
        expect.objectContaining({
          message: 'Scenario "district-office" reads at most 50 rows per request: this request\'s searches ask for 51',
          extensions: expect.objectContaining({ code: 'FORBIDDEN', constraint: 'maxRows' }),
        }),
      ]);
    });

    it('answers a resident of another district exactly as a record that does not exist', async () => {
      const [outsider] = await city.dbs.population.query<Row>(
        `SELECT id, id_number, name FROM person WHERE residence_district_code <> '310101' AND household_district_code <> '310101' ORDER BY id LIMIT 1`,
      );
      const { body } = await city.query('query($id: ID!) { person(id: $id) { idNumber name } }', { id: outsider!.id }, office());
      expect(body).toEqual({ data: { person: null } });
      expect((await city.query('query($id: ID!) { person(id: $id) { idNumber name } }', { id: randomUUID() }, office())).body).toEqual(body);
      const byNumber = await city.query('query($n: String!) { personByIdNumber(idNumber: $n) { name } }', { n: outsider!.id_number }, office());
      expect(byNumber.body).toEqual(
        (await city.query('query($n: String!) { personByIdNumber(idNumber: $n) { name } }', { n: NOBODY_ID_NUMBER }, office())).body,
      );

      const [insider] = await city.dbs.population.query<Row>(`SELECT id, id_number FROM person WHERE residence_district_code = '310101' ORDER BY id LIMIT 1`);
      const inside = await city.query('query($id: ID!) { person(id: $id) { idNumber } }', { id: insider!.id }, office());
      expect(inside.body).toEqual({ data: { person: { idNumber: maskIdNumber(insider!.id_number) } } });
    });

    it('refuses license lookups it cannot limit to its districts', async () => {
      const { body } = await city.query('query($i: String!) { license(identifier: $i) { name } }', { i: otherLicense }, as('district-licenses'));
      expect(body.errors).toEqual([outside(['license'], 'districts')]);
    });
  });

  it('refuses searches to a lookup-only scenario', async () => {
    const { body } = await city.query('{ people(first: 5) { nodes { name } } }', {}, as('lookup-only'));
    expect(body.errors).toEqual([
      expect.objectContaining({
        message: 'Scenario "lookup-only" is lookup-only: Query.people searches, so it is refused',
        extensions: expect.objectContaining({ code: 'FORBIDDEN', constraint: 'lookupOnly' }),
      }),
    ]);
  });
});
