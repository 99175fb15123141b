import { migrateDatabase, openDatabase, type Database } from '@civicgraph/db';
import { claimsForTests, contextTrustFor, generateContextSigningKey, signRequestContext, type MaskKind } from '@civicgraph/policy';
import { migrationSourceOf } from '@civicgraph/prisma';
import { createLogger } from '@civicgraph/server';
import { askForTests, startSubgraphInProcess, type AskOptions, type InProcessSubgraph } from '@civicgraph/subgraph-kit';
import { createPopulationSubgraph, type PopulationSubgraph } from '../index';

/**
 * The population subgraph as its owner serves it — shield, masks, row rules and disclosure log — run in
 * process over an in-memory database: what it answers whoever calls it, the gateway's checks aside.
 */
describe('the population subgraph, served', () => {
  const gateway = generateContextSigningKey();
  let db: Database;
  let subgraph: PopulationSubgraph;
  let served: InProcessSubgraph;

  const WANG = { id: '6f1c1f0e-58a2-4c4e-9d3e-0c8f1a3b2a01', idNumber: '310101199003071230', name: '王伟', district: '310101' };
  const LI = { id: '6f1c1f0e-58a2-4c4e-9d3e-0c8f1a3b2a02', idNumber: '310115198512014561', name: '李娜', district: '310115' };

  beforeAll(async () => {
    db = await openDatabase({ name: 'population' });
    await migrateDatabase(db, migrationSourceOf('population'));
    subgraph = createPopulationSubgraph({ db, contextTrust: contextTrustFor(gateway, 'population') });
    for (const p of [WANG, LI]) {
      await subgraph.prisma.person.create({
        data: {
          id: p.id,
          idNumber: p.idNumber,
          name: p.name,
          gender: p === WANG ? 'MALE' : 'FEMALE',
          birthDate: new Date(`${p.idNumber.slice(6, 10)}-${p.idNumber.slice(10, 12)}-${p.idNumber.slice(12, 14)}`),
          ethnicity: '汉族',
          householdDistrictCode: p.district,
          residenceDistrictCode: p.district,
          maritalStatus: 'UNMARRIED',
          phone: '13800138000',
        },
      });
    }
    served = await startSubgraphInProcess(subgraph, createLogger({ name: 'test', level: 'silent' }));
  });

  afterAll(async () => {
    await served.close();
    await db.close();
  });

  const ask = (query: string, grants: string[], options: Omit<AskOptions, 'grants'> = {}) =>
    askForTests(served, gateway.privateKey, 'population')(query, { grants, ...options });

  const byId = (id: string, fields: string) => `{ person(id: "${id}") { ${fields} } }`;

  it('serves nothing without a context the gateway signed', async () => {
    const unsigned = await ask(byId(WANG.id, 'name'), ['Query.person', 'Person.name'], { context: null });
    expect(unsigned.errors).toEqual([expect.objectContaining({ extensions: expect.objectContaining({ code: 'UNAUTHENTICATED' }) })]);
    const forged = await ask(byId(WANG.id, 'name'), ['Query.person', 'Person.name'], {
      context: await signRequestContext(claimsForTests({}), generateContextSigningKey().privateKey, { audience: 'population' }),
    });
    expect(forged.errors).toEqual([expect.objectContaining({ extensions: expect.objectContaining({ code: 'UNAUTHENTICATED' }) })]);
  });

  it('starts no work for a request whose deadline has passed: the gateway has stopped waiting for it', async () => {
    const late = await ask(byId(WANG.id, 'name'), ['Query.person', 'Person.name'], { deadline: Date.now() - 1 });
    expect(late.status).toBe(504);
    expect(late.errors).toEqual([expect.objectContaining({ extensions: expect.objectContaining({ code: 'TIMEOUT', owner: 'population' }) })]);
    const inTime = await ask(byId(WANG.id, 'name'), ['Query.person', 'Person.name'], { deadline: Date.now() + 5_000 });
    expect(inTime.data).toEqual({ person: { name: '王伟' } });
  });

  it('answers granted fields and refuses the others with FORBIDDEN, whatever the gateway let through', async () => {
    const answer = await ask(byId(WANG.id, 'name phone'), ['Query.person', 'Person.name']);
    expect(answer.data).toEqual({ person: { name: '王伟', phone: null } });
    expect(answer.errors).toEqual([expect.objectContaining({ path: ['person', 'phone'], extensions: expect.objectContaining({ code: 'FORBIDDEN' }) })]);
  });

  it('masks what the grant masks, showing only what the scenario may read', async () => {
    const grants = ['Query.person', 'Person.idNumber', 'Person.name', 'Person.phone'];
    const masks: Record<string, MaskKind> = { 'Person.idNumber': 'ID_NUMBER', 'Person.name': 'NAME', 'Person.phone': 'PHONE' };
    const masked = await ask(byId(WANG.id, 'idNumber name phone'), grants, { masks });
    expect(masked.errors).toBeUndefined();
    // Without Person.gender the gender digit (17th) is hidden too.
    expect(masked.data).toEqual({ person: { idNumber: '310101********12*0', name: '王*', phone: '138****8000' } });
    const withGender = await ask(byId(WANG.id, 'idNumber'), [...grants, 'Person.gender'], { masks });
    expect(withGender.data).toEqual({ person: { idNumber: '310101********1230' } });
  });

  it('treats a resident outside the row constraints as absent, and reads the subject alone when self-only', async () => {
    const office = { constraints: { districts: ['310101'] } };
    expect((await ask(byId(WANG.id, 'name'), ['Query.person', 'Person.name'], office)).data).toEqual({ person: { name: '王伟' } });
    const outside = await ask(byId(LI.id, 'name'), ['Query.person', 'Person.name'], office);
    expect(outside).toMatchObject({ data: { person: null } });
    expect(outside.errors).toBeUndefined();
    const own = `{ personByIdNumber(idNumber: "${LI.idNumber}") { name } }`;
    expect((await ask(own, ['Query.personByIdNumber', 'Person.name'], { constraints: { selfOnly: true } })).data).toEqual({ personByIdNumber: null });
  });

  it('logs what it disclosed before answering', async () => {
    const disclosuresOf = async (id: string) =>
      (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_disclosure WHERE entity_key = $1 OR $1 = ANY(entity_keys)`, [id]))[0]!.n;
    const before = await disclosuresOf(LI.id);
    await ask(byId(LI.id, 'name'), ['Query.person', 'Person.name']);
    expect(await disclosuresOf(LI.id)).toBe(before + 1);
  });

  describe('bad input, from a caller the gateway signed', () => {
    /** One call with the body as given, under a context signed for reading names. */
    const call = async (body: unknown) => {
      const context = await signRequestContext({ ...claimsForTests({}), grants: ['Query.person', 'Person.name'] }, gateway.privateKey, {
        audience: 'population',
      });
      const answer = await served.execute({ headers: context, body });
      return {
        status: answer.status,
        ...(JSON.parse(JSON.stringify(answer.result)) as { data?: unknown; errors?: { message: string; extensions: { code: string } }[] }),
      };
    };
    const codeOf = (answer: Awaited<ReturnType<typeof call>>) => [answer.status, answer.errors?.[0]?.extensions.code];

    it('answers each malformed request with 400 and a stable code, executing nothing', async () => {
      expect(codeOf(await call([{ query: '{ __typename }' }]))).toEqual([400, 'BAD_REQUEST']);
      expect(codeOf(await call({ variables: {} }))).toEqual([400, 'BAD_REQUEST']);
      expect(codeOf(await call({ query: '{ __typename }', variables: [1] }))).toEqual([400, 'BAD_REQUEST']);
      expect(codeOf(await call({ query: '{ __typename }', operationName: 7 }))).toEqual([400, 'BAD_REQUEST']);
      expect(codeOf(await call({ query: '{ person(id: ' }))).toEqual([400, 'GRAPHQL_PARSE_FAILED']);
      expect(codeOf(await call({ query: 'query A { __typename } query B { __typename }', operationName: 'C' }))).toEqual([400, 'OPERATION_RESOLUTION_FAILURE']);
      expect(codeOf(await call({ query: 'query($id: ID!) { person(id: $id) { name } }', variables: { id: { not: 'an id' } } }))).toEqual([
        400,
        'BAD_USER_INPUT',
      ]);
    });

    it('names no field the caller did not ask for in a validation error', async () => {
      const answer = await call({ query: `{ person(id: "${WANG.id}") { nam } }` });
      expect(codeOf(answer)).toEqual([400, 'GRAPHQL_VALIDATION_FAILED']);
      expect(answer.errors![0]!.message).not.toMatch(/Did you mean/);
    });

    it('refuses an unsigned caller before reading its body', async () => {
      const answer = await served.execute({ headers: {}, body: 'not even an object' });
      expect([answer.status, answer.result.errors?.[0]?.extensions?.code]).toEqual([401, 'UNAUTHENTICATED']);
    });
  });
});
