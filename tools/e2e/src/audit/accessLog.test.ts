import { createScenarios, DEMO_SCENARIOS, startTestCivicGraph, type TestCivicGraph } from '@civicgraph/platform';
import { issueAdminKey } from '@civicgraph/governance-subgraph';
import { PrismaClient as GovernanceClient } from '@civicgraph/prisma/governance';

const demo = (code: string) => DEMO_SCENARIOS.find((s) => s.code === code)!;

const MY_ACCESS_LOG = /* GraphQL */ `
  query MyAccessLog($idNumber: String!) {
    personByIdNumber(idNumber: $idNumber) {
      accessLog(first: 10) {
        nodes {
          at
          department {
            name
          }
          application {
            name
          }
          scenario {
            name
            purpose
          }
          fields
          maskedFields
          useReason
        }
      }
      licenses {
        accessLog {
          nodes {
            scenario {
              name
            }
            fields
          }
        }
      }
    }
  }
`;

describe('who accessed my data', () => {
  let city: TestCivicGraph;
  let keys: Record<string, string>;
  let admin: string;
  let citizen: { id: string; id_number: string; name: string };
  let officeRequestId: string;

  beforeAll(async () => {
    city = await startTestCivicGraph();
    const governance = new GovernanceClient({ adapter: city.dbs.governance.adapter });
    const credentials = await createScenarios(governance, [demo('district-office'), demo('citizen-self-service')]);
    keys = Object.fromEntries(credentials.map((c) => [c.code, c.apiKey]));
    admin = (await issueAdminKey(governance, 'Auditor')).apiKey;
    [citizen] = (await city.dbs.population.query<typeof citizen>(
      `SELECT id, id_number, name FROM person WHERE residence_district_code = '310101' ORDER BY id LIMIT 1`,
    )) as [typeof citizen];
    // The district office looks the citizen up, giving a reason.
    const office = await city.query(
      `query Lookup($n: String!) { personByIdNumber(idNumber: $n) { name idNumber } }`,
      { n: citizen.id_number },
      {
        authorization: `Bearer ${keys['district-office']}`,
        'x-use-reason': 'community case 17',
      },
    );
    expect(office.body.errors).toBeUndefined();
    officeRequestId = office.headers.get('x-request-id')!;
  });
  afterAll(() => city?.stop());

  const asCitizen = async (query: string) =>
    city.query(
      query,
      { idNumber: citizen.id_number },
      { authorization: `Bearer ${keys['citizen-self-service']}`, 'x-subject-token': await city.subjectToken(citizen.id_number) },
    );
  const asAdmin = (query: string, variables: Record<string, unknown> = {}) => city.query(query, variables, { authorization: `Bearer ${admin}` });

  it('shows a citizen, in the self-service scenario, who read their record: department, app, scenario, when, which fields, why', async () => {
    const { body } = await asCitizen(MY_ACCESS_LOG);
    expect(body.errors).toBeUndefined();
    const entries = body.data!.personByIdNumber.accessLog.nodes;
    expect(entries).toContainEqual({
      at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      department: { name: expect.any(String) },
      application: { name: expect.any(String) },
      scenario: { name: demo('district-office').name, purpose: demo('district-office').purpose },
      fields: ['idNumber', 'name'],
      maskedFields: ['idNumber'],
      useReason: 'community case 17',
    });
    expect(Array.isArray(body.data!.personByIdNumber.licenses)).toBe(true);
  });

  it('does not show the citizen whom other apps acted for', async () => {
    const { status, body } = await asCitizen(
      `query($idNumber: String!) { personByIdNumber(idNumber: $idNumber) { accessLog { nodes { subject entityKeys } } } }`,
    );
    expect(status).toBe(403);
    expect(body.errors![0]!.extensions).toMatchObject({ code: 'FORBIDDEN', notGranted: ['PopulationDisclosure.entityKeys', 'PopulationDisclosure.subject'] });
  });

  it('lets admins search the disclosure and request logs, page by page', async () => {
    const disclosures = await asAdmin(
      `query($key: String!) { populationDisclosures(filter: { scenario: "district-office", entityType: "Person", entityKey: $key }) { nodes { requestId fields maskedFields application { name } } } }`,
      { key: citizen.id },
    );
    expect(disclosures.body.errors).toBeUndefined();
    expect(disclosures.body.data!.populationDisclosures.nodes).toContainEqual(
      expect.objectContaining({ requestId: officeRequestId, fields: ['idNumber', 'name'], maskedFields: ['idNumber'] }),
    );

    const page = (after?: string) =>
      asAdmin(
        `query($after: String) { auditRequests(filter: { scenario: "district-office" }, first: 1, after: $after) { nodes { requestId operationName decision records coordinates useReason } pageInfo { hasNextPage endCursor } } }`,
        { after },
      );
    const first = await page();
    expect(first.body.errors).toBeUndefined();
    const [newest] = first.body.data!.auditRequests.nodes;
    expect(newest).toEqual({
      requestId: officeRequestId,
      operationName: 'Lookup',
      decision: 'ALLOWED',
      records: 1,
      coordinates: ['Person.idNumber', 'Person.name', 'Query.personByIdNumber'],
      useReason: 'community case 17',
    });
    const { pageInfo } = first.body.data!.auditRequests;
    const second = await page(pageInfo.endCursor);
    expect(second.body.errors).toBeUndefined();
    expect(second.body.data!.auditRequests.nodes.map((n: { requestId: string }) => n.requestId)).not.toContain(officeRequestId);

    const bad = await asAdmin(`{ populationDisclosures(filter: { subject: "110105194912310020" }) { nodes { requestId } } }`);
    expect(bad.body.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'filter.subject' });
  });

  it('refuses the log searches to every other scenario (granted to no one by default)', async () => {
    const { status, body } = await city.query(
      `{ populationDisclosures { nodes { requestId } } }`,
      {},
      { authorization: `Bearer ${keys['district-office']}`, 'x-use-reason': 'x' },
    );
    expect(status).toBe(403);
    expect(body.errors![0]!.extensions!.code).toBe('FORBIDDEN');
  });

  it('lists, before a grant is removed or a scenario suspended, the recorded operations that would fail', async () => {
    const impact = (change: string) =>
      asAdmin(`{ impactOf(change: ${change}) { requests operations { operationName breaks requests applications { name } } } }`);
    const removing = await impact(`{ scenario: "district-office", removeGrants: ["Person.idNumber"] }`);
    expect(removing.body.errors).toBeUndefined();
    expect(removing.body.data!.impactOf.operations).toContainEqual({
      operationName: 'Lookup',
      breaks: ['Person.idNumber'],
      requests: expect.any(Number),
      applications: [{ name: expect.any(String) }],
    });

    const unused = await impact(`{ scenario: "district-office", removeGrants: ["Person.gender"] }`);
    expect(unused.body.data!.impactOf).toEqual({ requests: 0, operations: [] });

    const suspending = await impact(`{ scenario: "district-office", suspend: true }`);
    expect(suspending.body.data!.impactOf.operations).toContainEqual(
      expect.objectContaining({ operationName: 'Lookup', breaks: ['Person.idNumber', 'Person.name', 'Query.personByIdNumber'] }),
    );

    const notHeld = await impact(`{ scenario: "district-office", removeGrants: ["Person.religion"] }`);
    expect(notHeld.body.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'change.removeGrants' });
    const nothing = await impact(`{ scenario: "district-office" }`);
    expect(nothing.body.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'change' });
    const unknown = await impact(`{ scenario: "no-such-scenario", suspend: true }`);
    expect(unknown.body.errors![0]!.extensions).toMatchObject({ code: 'NOT_FOUND' });
  });
  it('logs a list read alike as one record naming every person, and shows each person only their own key', async () => {
    const list = await city.query(
      `{ people(filter: { residenceDistrictCode: "310101" }, first: 3) { nodes { id name } } }`,
      {},
      {
        authorization: `Bearer ${keys['district-office']}`,
        'x-use-reason': 'community list 3',
      },
    );
    expect(list.body.errors).toBeUndefined();
    const ids: string[] = list.body.data!.people.nodes.map((n: { id: string }) => n.id);
    expect(ids).toHaveLength(3);
    const requestId = list.headers.get('x-request-id')!;
    const logged = async (key?: string) => {
      const { body } = await asAdmin(
        `query($r: String!, $key: String) { populationDisclosures(filter: { requestId: $r, entityType: "Person", entityKey: $key }) { nodes { entityType entityKeys fields } } }`,
        { r: requestId, key: key ?? null },
      );
      expect(body.errors).toBeUndefined();
      return body.data!.populationDisclosures.nodes;
    };

    // The admin sees the one record with its three keys; asked about one person, only that person's key.
    expect(await logged()).toEqual([{ entityType: 'Person', entityKeys: ids, fields: ['name'] }]);
    expect(await logged(ids[1])).toEqual([{ entityType: 'Person', entityKeys: [ids[1]], fields: ['name'] }]);
    expect(await logged('not-in-this-list')).toEqual([]);

    // A listed citizen finds the read in their own access log (the list is in id order; the citizen is the
    // district's first).
    expect(ids[0]).toBe(citizen.id);
    const { body } = await asCitizen(MY_ACCESS_LOG);
    expect(body.data!.personByIdNumber.accessLog.nodes).toContainEqual(expect.objectContaining({ useReason: 'community list 3', fields: ['name'] }));
  });
});
