import {
  createScenarios,
  DATA_STEWARD_GRANTS,
  OBJECTION_FIELDS,
  DEFECT_CLASSES,
  eventually,
  startQualitySupervisor,
  startTestCivicGraph,
  type GraphQLResponse,
  type TestCivicGraph,
} from '@civicgraph/platform';
import { createLogger } from '@civicgraph/server';
import { issueAdminKey, QUALITY_SUPERVISION_SCENARIO } from '@civicgraph/governance-subgraph';
import { PrismaClient as GovernanceClient } from '@civicgraph/prisma/governance';
import { QUALITY_RULES } from '@civicgraph/quality';
import { catalogItems } from '@civicgraph/schema';
import { qualityIssuesCommand, qualityReportCommand, qualityRunCommand } from '@civicgraph/cli';

/** A data steward's grants, and the department evaluation they are judged by. */
const STEWARD_GRANTS = [
  ...DATA_STEWARD_GRANTS,
  'Query.departmentEvaluation',
  'DepartmentEvaluation.department',
  'DepartmentEvaluation.quality',
  ...[
    'passRate',
    'timelinessRate',
    'issuesOpen',
    'issuesOverdue',
    'objectionsReceived',
    'objectionsPending',
    'objectionsOverdue',
    'averageObjectionAnswerWorkingDays',
    'objectionsLate',
  ].map((f) => `DepartmentQuality.${f}`),
];

describe('data quality supervision: a city with known defects', () => {
  let city: TestCivicGraph;
  let adminKey: string;
  let readerKey: string;
  const stewards: Record<string, string> = {};
  /** The governance clock: issues open on Friday 25 September 2026, before the National Day holiday. */
  const now = new Date('2026-09-25T02:00:00Z');

  const as =
    (key: string) =>
    (query: string, variables: Record<string, unknown> = {}) =>
      city.query(query, variables, { authorization: `Bearer ${key}` });
  const data = (response: GraphQLResponse) => {
    expect(response.body.errors).toBeUndefined();
    return response.body.data!;
  };
  const admin = (query: string, variables: Record<string, unknown> = {}) => as(adminKey)(query, variables);

  /** Requests a run as the administrator and waits for it to end. */
  async function run(): Promise<{
    id: string;
    status: string;
    failure: string | null;
    asOf: string;
    results: { ruleCode: string; checked: number; failed: number }[];
  }> {
    const { requestQualityRun } = data(await admin('mutation { requestQualityRun { id status trigger } }'));
    expect(requestQualityRun).toMatchObject({ status: 'REQUESTED', trigger: 'ADMIN' });
    let finished: any;
    await eventually(60_000, async () => {
      ({ qualityRun: finished } = data(
        await admin('query($id: ID!) { qualityRun(id: $id) { id status failure asOf results { ruleCode checked failed } } }', { id: requestQualityRun.id }),
      ));
      return finished.status !== 'REQUESTED' && finished.status !== 'RUNNING';
    });
    return finished;
  }

  async function issueOf(ruleCode: string): Promise<any> {
    const { qualityIssues } = data(
      await admin(
        `{ qualityIssues { id ruleCode state failed checked failingKeys(first: 10000) dueOn overdue note department { code } events { state note application { id } } } }`,
      ),
    );
    return qualityIssues
      .filter((i: any) => i.ruleCode === ruleCode)
      .sort((a: any, b: any) => (a.state === 'VERIFIED' ? 1 : 0) - (b.state === 'VERIFIED' ? 1 : 0))[0];
  }

  beforeAll(async () => {
    const rate = 0.01;
    city = await startTestCivicGraph({
      defects: Object.fromEntries(Object.keys(DEFECT_CLASSES).map((d) => [d, rate])),
      governanceClock: () => now,
    });
    const governance = new GovernanceClient({ adapter: city.dbs.governance.adapter });
    ({ apiKey: adminKey } = await issueAdminKey(governance, 'Test administrator'));
    // A civil-affairs application that reads residents' names, and may object to them.
    const [reader] = await createScenarios(governance, [
      {
        code: 'marriage-registration',
        name: 'Marriage registration',
        purpose: 'tests',
        legalBasis: 'tests',
        departmentCode: 'SH-CAB',
        useReasonRequired: false,
        grants: ['Query.person', 'Person.name', 'Mutation.raiseObjection', 'Query.raisedObjections', 'Query.objection', ...OBJECTION_FIELDS, 'Department.code'],
      },
    ]);
    readerKey = reader!.apiKey;
    for (const department of ['SH-PSB', 'SH-AMR', 'SH-BDC']) {
      const [steward] = await createScenarios(governance, [
        {
          code: `steward-${department}`,
          name: `${department} data steward`,
          purpose: 'tests',
          legalBasis: 'tests',
          departmentCode: department,
          useReasonRequired: false,
          grants: STEWARD_GRANTS,
        },
      ]);
      stewards[department] = steward!.apiKey;
    }
  });
  afterAll(() => city?.stop());

  test('a run finds every injected defect and flags nothing else', async () => {
    expect(city.injectedDefects.length).toBeGreaterThan(10);
    const finished = await run();
    expect(finished).toMatchObject({ status: 'SUCCEEDED', failure: null, asOf: '2026-11-01' });
    expect(finished.results.map((r) => r.ruleCode).sort()).toEqual(QUALITY_RULES.map((r) => r.code).sort());
    const expected = new Map<string, string[]>();
    for (const d of city.injectedDefects) expected.set(d.rule, [...(expected.get(d.rule) ?? []), d.key].sort());
    // Every class is represented, so "nothing else" is checked against something.
    expect(new Set(city.injectedDefects.map((d) => d.defect))).toEqual(new Set(Object.keys(DEFECT_CLASSES)));
    for (const result of finished.results) {
      const keys = expected.get(result.ruleCode) ?? [];
      expect({ rule: result.ruleCode, failed: result.failed }).toEqual({ rule: result.ruleCode, failed: keys.length });
      if (keys.length) expect({ rule: result.ruleCode, keys: (await issueOf(result.ruleCode)).failingKeys }).toEqual({ rule: result.ruleCode, keys });
    }
  });

  test("the catalog shows each item's rules", async () => {
    const { catalog } = data(await admin('{ catalog(filter: { database: "population" }) { coordinate qualityRules { code dimension department { code } } } }'));
    const idNumber = catalog.find((i: any) => i.coordinate === 'Person.idNumber');
    expect(idNumber.qualityRules.map((r: any) => r.code).sort()).toEqual(['person.id-number.unique', 'person.id-number.valid']);
    expect(idNumber.qualityRules.every((r: any) => r.department.code === 'SH-PSB')).toBe(true);
    expect(catalog.find((i: any) => i.coordinate === 'Person.religion').qualityRules).toEqual([]);
  });

  test('issues go to the department accountable for the item, due in ten working days', async () => {
    const owners = new Map(catalogItems().map((i) => [i.coordinate, i.owner]));
    const { qualityIssues } = data(await admin('{ qualityIssues(filter: { state: OPEN }) { ruleCode item dueOn overdue department { code } } }'));
    expect(qualityIssues.length).toBe(new Set(city.injectedDefects.map((d) => d.rule)).size);
    for (const issue of qualityIssues) {
      expect(issue.department.code).toBe(owners.get(issue.item));
      // Opened Friday 25 September: National Day (1–8 October) does not count; the tenth working day is 15 October.
      expect(issue.dueOn).toBe('2026-10-15');
      expect(issue.overdue).toBe(false);
    }
  });

  test('the report gives GB/T 36344 rates with their numerators and denominators', async () => {
    const { qualityReport } = data(
      await admin(
        '{ qualityReport(groupBy: DEPARTMENT) { groupBy rows { group dimension checked failed passed rate } worst { ruleCode failed checked rate } run { status } } }',
      ),
    );
    const { qualityRuns } = data(await admin('{ qualityRuns(first: 1) { results { departmentCode dimension checked failed } } }'));
    const psbValidity = qualityRuns[0].results.filter((r: any) => r.departmentCode === 'SH-PSB' && r.dimension === 'VALIDITY');
    const row = qualityReport.rows.find((r: any) => r.group === 'SH-PSB' && r.dimension === 'VALIDITY');
    const checked = psbValidity.reduce((n: number, r: any) => n + r.checked, 0);
    const failed = psbValidity.reduce((n: number, r: any) => n + r.failed, 0);
    expect(row).toEqual({ group: 'SH-PSB', dimension: 'VALIDITY', checked, failed, passed: checked - failed, rate: (checked - failed) / checked });
    expect(failed).toBeGreaterThan(0);
    expect(qualityReport.worst.length).toBeGreaterThan(0);
    expect(qualityReport.worst.every((w: any) => w.failed > 0)).toBe(true);
    const rates = qualityReport.worst.map((w: any) => w.rate);
    expect(rates).toEqual([...rates].sort((a, b) => a - b));
  });

  test("operators read the newest run's figures and the issues from the governance service's Prometheus metrics", async () => {
    const response = await fetch(city.subgraphUrls.governance.replace(/\/graphql$/, '/metrics'), { headers: { authorization: `Bearer ${city.metricsToken}` } });
    const text = await response.text();
    const idNumbers = city.injectedDefects.filter((d) => d.rule === 'person.id-number.valid').length;
    expect(text).toMatch(
      new RegExp(
        `civicgraph_quality_failed_records\\{rule="person\\.id-number\\.valid",dimension="VALIDITY",department="SH-PSB",database="population",table="person",item="Person\\.idNumber"\\} ${idNumbers}\n`,
      ),
    );
    expect(text).toMatch(/civicgraph_quality_pass_ratio\{rule="license\.holder\.resident",[^}]*\} 0\.9\d*\n/);
    expect(text).toMatch(/civicgraph_quality_issues\{department="SH-PSB",state="OPEN"\} [1-9]\d*\n/);
    expect(text).toMatch(/civicgraph_quality_last_run_timestamp_seconds \d+/);
  });

  test('the supervisor reads other owners under its own scenario, on record like anyone', async () => {
    const requests = await city.dbs.governance.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_request WHERE scenario = $1`, [
      QUALITY_SUPERVISION_SCENARIO,
    ]);
    expect(requests[0]!.n).toBeGreaterThan(1);
    const disclosed = await city.dbs.population.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM audit_disclosure WHERE scenario = $1 AND 'idNumber' = ANY(fields)`,
      [QUALITY_SUPERVISION_SCENARIO],
    );
    expect(disclosed[0]!.n).toBeGreaterThan(0);
  });

  test('only the accountable department answers for an issue; others do not see it', async () => {
    const issue = await issueOf(DEFECT_CLASSES.badChecksum);
    expect(issue.department.code).toBe('SH-PSB');
    // Another department: as if it did not exist.
    expect(data(await as(stewards['SH-AMR']!)('query($id: ID!) { qualityIssue(id: $id) { id } }', { id: issue.id })).qualityIssue).toBeNull();
    const { qualityIssues: amrIssues } = data(await as(stewards['SH-AMR']!)('{ qualityIssues { ruleCode department { code } } }'));
    expect(amrIssues.every((i: any) => i.department.code === 'SH-AMR')).toBe(true);
    const foreign = await as(stewards['SH-AMR']!)('mutation($id: ID!) { acknowledgeQualityIssue(id: $id) { state } }', { id: issue.id });
    expect(foreign.body.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    // The administrator supervises but does not answer for the owner.
    const byAdmin = await admin('mutation($id: ID!) { acknowledgeQualityIssue(id: $id) { state } }', { id: issue.id });
    expect(byAdmin.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    // The owner's steward: acknowledge once; a dispute needs a reason.
    const psb = as(stewards['SH-PSB']!);
    expect(data(await psb('mutation($id: ID!) { acknowledgeQualityIssue(id: $id) { state } }', { id: issue.id })).acknowledgeQualityIssue.state).toBe(
      'ACKNOWLEDGED',
    );
    expect((await psb('mutation($id: ID!) { acknowledgeQualityIssue(id: $id) { state } }', { id: issue.id })).body.errors?.[0]?.extensions?.code).toBe(
      'CONFLICT',
    );
    expect(
      (await psb('mutation($id: ID!) { disputeQualityIssue(id: $id, reason: "  ") { state } }', { id: issue.id })).body.errors?.[0]?.extensions?.code,
    ).toBe('BAD_USER_INPUT');
  });

  test('a fix is verified by the next run; a fix that did not hold reopens the issue; a dispute stands', async () => {
    const psb = as(stewards['SH-PSB']!);
    const checksums = await issueOf(DEFECT_CLASSES.badChecksum);
    const missing = await issueOf(DEFECT_CLASSES.missingValue);
    const duplicates = await issueOf(DEFECT_CLASSES.duplicate);
    // The owner corrects the ID numbers in its register, then says so.
    for (const key of checksums.failingKeys) {
      const [row] = await city.dbs.population.query<{ id_number: string }>('SELECT id_number FROM person WHERE id = $1::uuid', [key]);
      const first17 = row!.id_number.slice(0, 17);
      const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
      const sum = [...first17].reduce((n, c, i) => n + Number(c) * weights[i]!, 0);
      await city.dbs.population.query('UPDATE person SET id_number = $2 WHERE id = $1::uuid', [key, first17 + '10X98765432'[sum % 11]]);
    }
    expect(
      data(
        await psb('mutation($id: ID!) { fixQualityIssue(id: $id, note: "Check characters re-entered from the paper register") { state } }', {
          id: checksums.id,
        }),
      ).fixQualityIssue.state,
    ).toBe('FIXED');
    // Said to be fixed, but nothing changed.
    expect(data(await psb('mutation($id: ID!) { fixQualityIssue(id: $id, note: "Filled in") { state } }', { id: missing.id })).fixQualityIssue.state).toBe(
      'FIXED',
    );
    expect(
      data(await psb('mutation($id: ID!) { disputeQualityIssue(id: $id, reason: "Twins registered at one address") { state note } }', { id: duplicates.id }))
        .disputeQualityIssue,
    ).toEqual({ state: 'DISPUTED', note: 'Twins registered at one address' });

    const second = await run();
    expect(second.status).toBe('SUCCEEDED');
    expect(second.results.find((r) => r.ruleCode === DEFECT_CLASSES.badChecksum)!.failed).toBe(0);
    const verified = await issueOf(DEFECT_CLASSES.badChecksum);
    expect(verified).toMatchObject({ id: checksums.id, state: 'VERIFIED' });
    expect(verified.events.map((e: any) => e.state)).toEqual(['OPEN', 'ACKNOWLEDGED', 'FIXED', 'VERIFIED']);
    expect(verified.events[1].application).not.toBeNull();
    expect(verified.events[3].application).toBeNull();
    const reopened = await issueOf(DEFECT_CLASSES.missingValue);
    expect(reopened).toMatchObject({ id: missing.id, state: 'OPEN' });
    expect(reopened.events.at(-1).note).toMatch(/still fail/);
    expect(await issueOf(DEFECT_CLASSES.duplicate)).toMatchObject({ id: duplicates.id, state: 'DISPUTED' });
    // The police bureau's validity over the two runs: the corrected check characters show.
    const { qualityGroupTrend } = data(
      await admin('{ qualityGroupTrend(groupBy: DEPARTMENT, group: "SH-PSB", runs: 2) { run { id } dimension checked failed passed rate } }'),
    );
    const validity = qualityGroupTrend.filter((p: any) => p.dimension === 'VALIDITY');
    expect(validity.map((p: any) => p.run.id)).toEqual([second.id, expect.any(String)]);
    expect(validity[1].failed - validity[0].failed).toBe(checksums.failingKeys.length);
    expect(validity[0]).toMatchObject({
      passed: validity[0].checked - validity[0].failed,
      rate: (validity[0].checked - validity[0].failed) / validity[0].checked,
    });
    // Still one issue per rule.
    const { qualityIssues } = data(await admin('{ qualityIssues { ruleCode state } }'));
    const open = qualityIssues.filter((i: any) => i.state !== 'VERIFIED').map((i: any) => i.ruleCode);
    expect(new Set(open).size).toBe(open.length);
  });

  test('administrators settle a dispute: upheld it stands, rejected the department must fix the records', async () => {
    const disputed = await issueOf(DEFECT_CLASSES.duplicate);
    expect(disputed.state).toBe('DISPUTED');
    const settle = (ask: (q: string, v?: Record<string, unknown>) => Promise<GraphQLResponse>, upheld: boolean, id = disputed.id) =>
      ask(
        'mutation($id: ID!, $upheld: Boolean!) { settleQualityDispute(id: $id, upheld: $upheld, reason: "Twins are told apart by their birth order on the register") { state dueOn events { state note } } }',
        {
          id,
          upheld,
        },
      );
    expect((await settle(as(stewards['SH-PSB']!), false)).body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const upheld = data(await settle(admin, true)).settleQualityDispute;
    expect(upheld.state).toBe('DISPUTED');
    expect(upheld.events.at(-1)).toEqual({ state: 'DISPUTED', note: 'Dispute upheld: Twins are told apart by their birth order on the register' });
    const rejected = data(await settle(admin, false)).settleQualityDispute;
    expect(rejected).toMatchObject({ state: 'OPEN', dueOn: '2026-10-15' });
    expect(rejected.events.at(-1).note).toMatch(/^Dispute rejected: /);
    expect((await settle(admin, false)).body.errors?.[0]?.extensions?.code).toBe('CONFLICT');
  });

  test('a run the platform cannot serve fails, saying why, rather than reporting absent records', async () => {
    data(await admin('mutation($c: String!) { suspendScenario(code: $c) { status } }', { c: QUALITY_SUPERVISION_SCENARIO }));
    try {
      // The gateway notices within its directory cache.
      await new Promise((resolve) => setTimeout(resolve, 400));
      const failed = await run();
      expect(failed.status).toBe('FAILED');
      expect(failed.failure).toMatch(/quality supervisor with/);
      expect(failed.failure).not.toMatch(/SELECT|at .*\.ts/);
      expect(failed.results).toEqual([]);
    } finally {
      data(await admin('mutation($c: String!) { resumeScenario(code: $c) { status } }', { c: QUALITY_SUPERVISION_SCENARIO }));
      await new Promise((resolve) => setTimeout(resolve, 400));
    }
  });

  test('a run waiting or running is not requested twice; others may not request one', async () => {
    const [a, b] = await Promise.all([admin('mutation { requestQualityRun { id } }'), admin('mutation { requestQualityRun { id } }')]);
    expect(data(a).requestQualityRun.id).toBe(data(b).requestQualityRun.id);
    const refused = await as(stewards['SH-PSB']!)('mutation { requestQualityRun { id } }');
    expect(refused.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    await eventually(60_000, async () => {
      const { qualityRun } = data(await admin('query($id: ID!) { qualityRun(id: $id) { status failure } }', { id: data(a).requestQualityRun.id }));
      if (qualityRun.status === 'FAILED') throw new Error(qualityRun.failure);
      return qualityRun.status === 'SUCCEEDED';
    });
  });

  test('the CLI runs one with progress and writes its report and issues as text, JSON and CSV', async () => {
    const env = { CIVICGRAPH_URL: city.url, CIVICGRAPH_ADMIN_KEY: adminKey, PORT: 0 };
    const out: string[] = [];
    const err: string[] = [];
    const write = jest.spyOn(process.stdout, 'write').mockImplementation((chunk) => (out.push(String(chunk)), true));
    const log = jest.spyOn(console, 'log').mockImplementation((...args) => void out.push(`${args.join(' ')}\n`));
    const error = jest.spyOn(console, 'error').mockImplementation((...args) => void err.push(args.join(' ')));
    try {
      const exitCode = process.exitCode;
      await qualityRunCommand(env, 'text', 50);
      // A failed run would set the exit code.
      expect(process.exitCode).toBe(exitCode);
      expect(err[0]).toMatch(/^Quality run [0-9a-f-]{36} requested$/);
      expect(err.at(-1)).toMatch(/finished: data as of 2026-11-01/);
      expect(out.join('')).toMatch(/SH-PSB\s+VALIDITY\s+\d+\/\d+\s+\d+\.\d\d%/);
      out.length = 0;
      await qualityReportCommand(env, { groupBy: 'table', format: 'csv' });
      const [header, ...lines] = out.join('').trim().split('\r\n');
      expect(header).toBe('run,asOf,table,dimension,checked,failed,passed,rate');
      expect(lines).toEqual(expect.arrayContaining([expect.stringMatching(/^[0-9a-f-]{36},2026-11-01,population\.person,COMPLETENESS,\d+,\d+,\d+,0\.\d+$/)]));
      out.length = 0;
      await qualityIssuesCommand(env, { departmentCode: 'SH-PSB', state: 'open' }, 'json');
      const issues = JSON.parse(out.join(''));
      expect(issues.length).toBeGreaterThan(0);
      expect(issues.every((i: any) => i.department === 'SH-PSB' && i.state === 'OPEN')).toBe(true);
    } finally {
      write.mockRestore();
      log.mockRestore();
      error.mockRestore();
    }
  });

  test('a reader objects to a value; the owner answers; the objector sees the outcome; all of it on record', async () => {
    const reader = as(readerKey);
    const psb = as(stewards['SH-PSB']!);
    const [{ id: personId, name }] = (await city.dbs.population.query<{ id: string; name: string }>(
      'SELECT id::text, name FROM person ORDER BY id LIMIT 1',
    )) as [{ id: string; name: string }];
    expect(data(await reader('query($id: ID!) { person(id: $id) { name } }', { id: personId })).person.name).toBe(name);
    const raise = (input: Record<string, unknown>) =>
      reader('mutation($input: ObjectionInput!) { raiseObjection(input: $input) { id status dueOn overdue owner { code } raisedByDepartment { code } } }', {
        input,
      });
    // Only what the scenario reads, and only data items of records.
    expect((await raise({ coordinate: 'Person.phone', recordId: personId, reason: 'Wrong number' })).body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    for (const coordinate of ['Query.person', 'Scenario.code', 'Person.nickname'])
      expect((await raise({ coordinate, recordId: personId, reason: 'x' })).body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect((await raise({ coordinate: 'Person.name', recordId: personId, reason: ' ' })).body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');

    const { raiseObjection: objection } = data(
      await raise({ coordinate: 'Person.name', recordId: personId, reason: 'The marriage certificate shows another character', proposedValue: `${name}明` }),
    );
    // Raised Friday 25 September: due after ten working days, National Day not counted.
    expect(objection).toMatchObject({
      status: 'PENDING',
      dueOn: '2026-10-15',
      overdue: false,
      owner: { code: 'SH-PSB' },
      raisedByDepartment: { code: 'SH-CAB' },
    });
    // Another department neither sees nor answers it.
    expect(data(await as(stewards['SH-AMR']!)('query($id: ID!) { objection(id: $id) { id } }', { id: objection.id })).objection).toBeNull();
    const answer = (ask: typeof psb, decision: string) =>
      ask('mutation($id: ID!, $input: ObjectionAnswerInput!) { answerObjection(id: $id, input: $input) { status answer answerWorkingDays late } }', {
        id: objection.id,
        input: { decision, reason: 'Corrected from the household register' },
      });
    expect((await answer(as(stewards['SH-AMR']!), 'CORRECTED')).body.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect(data(await psb('{ objectionQueue { id coordinate recordId proposedValue } }')).objectionQueue).toEqual([
      { id: objection.id, coordinate: 'Person.name', recordId: personId, proposedValue: `${name}明` },
    ]);
    expect(data(await answer(psb, 'CORRECTED')).answerObjection).toEqual({
      status: 'CORRECTED',
      answer: 'Corrected from the household register',
      answerWorkingDays: 0,
      late: false,
    });
    expect((await answer(psb, 'REJECTED')).body.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    expect(data(await reader('{ raisedObjections { id status answer } }')).raisedObjections).toEqual([
      { id: objection.id, status: 'CORRECTED', answer: 'Corrected from the household register' },
    ]);
    // Who objected and who answered, with their requests in the request log.
    const [row] = await city.dbs.governance.query<{ raised_in_request: string; answered_in_request: string; raised_by_scenario: string }>(
      'SELECT raised_in_request, answered_in_request, raised_by_scenario FROM objection WHERE id = $1::uuid',
      [objection.id],
    );
    expect(row!.raised_by_scenario).toBe('marriage-registration');
    const logged = await city.dbs.governance.query<{ request_id: string }>('SELECT request_id FROM audit_request WHERE request_id = ANY($1::text[])', [
      [row!.raised_in_request, row!.answered_in_request],
    ]);
    expect(logged).toHaveLength(2);
  });

  test('the official who objected does not answer the objection, whichever application they use', async () => {
    const official = '11010519491231002X';
    const [{ id: personId }] = (await city.dbs.population.query<{ id: string }>('SELECT id::text FROM person ORDER BY id DESC LIMIT 1')) as [{ id: string }];
    const withOfficial = async (key: string, idNumber: string) => ({ authorization: `Bearer ${key}`, 'x-subject-token': await city.subjectToken(idNumber) });
    const raised = await city.query(
      'mutation($input: ObjectionInput!) { raiseObjection(input: $input) { id } }',
      { input: { coordinate: 'Person.name', recordId: personId, reason: 'Spelling' } },
      await withOfficial(readerKey, official),
    );
    const id = data(raised).raiseObjection.id;
    const answer = 'mutation($id: ID!) { answerObjection(id: $id, input: { decision: REJECTED, reason: "Stands" }) { status } }';
    const self = await city.query(answer, { id }, await withOfficial(stewards['SH-PSB']!, official));
    expect(self.body.errors?.[0]).toMatchObject({ extensions: { code: 'FORBIDDEN' }, message: expect.stringMatching(/You raised this objection/) });
    const other = await city.query(answer, { id }, await withOfficial(stewards['SH-PSB']!, '440524188001010014'));
    expect(data(other).answerObjection.status).toBe('REJECTED');
  });

  test("the department evaluation carries each owner's quality, issues and objections", async () => {
    const { departmentEvaluation } = data(
      await as(stewards['SH-PSB']!)(
        '{ departmentEvaluation { department { code } quality { passRate timelinessRate issuesOpen issuesOverdue objectionsReceived objectionsPending objectionsOverdue averageObjectionAnswerWorkingDays objectionsLate } } }',
      ),
    );
    const psb = departmentEvaluation.find((e: any) => e.department.code === 'SH-PSB').quality;
    expect(psb).toEqual({
      passRate: expect.any(Number),
      timelinessRate: 1,
      issuesOpen: expect.any(Number),
      issuesOverdue: 0,
      objectionsReceived: 2,
      objectionsPending: 0,
      objectionsOverdue: 0,
      averageObjectionAnswerWorkingDays: 0,
      objectionsLate: 0,
    });
    expect(psb.passRate).toBeGreaterThan(0.9);
    expect(psb.passRate).toBeLessThan(1);
    expect(psb.issuesOpen).toBeGreaterThan(0);
  });

  test('a supervisor of its own schedule requests runs beside another; a run its supervisor abandoned is released', async () => {
    // A run left RUNNING by a supervisor that died seven hours ago holds the queue until the next look.
    const abandoned = '00000000-0000-4000-8000-00000000dead';
    await city.dbs.governance.query(
      `INSERT INTO quality_run (id, status, trigger, requested_at, started_at) VALUES ($1::uuid, 'RUNNING', 'ADMIN', now() - interval '7 hours', now() - interval '7 hours')`,
      [abandoned],
    );
    // Every second (croner's six-field pattern), so the test need not wait for 02:00.
    const second = await startQualitySupervisor({
      dbs: city.dbs,
      gatewayUrl: city.url,
      logger: createLogger({ name: 'second-supervisor', level: 'silent' }),
      schedule: '* * * * * *',
      pollMs: 100,
      asOf: () => new Date('2026-11-01T12:00:00+08:00'),
      now: () => now,
    });
    try {
      await eventually(60_000, async () => {
        const { qualityRuns } = data(await admin('{ qualityRuns(first: 20) { id trigger status failure } }'));
        return qualityRuns.some((r: any) => r.trigger === 'SCHEDULE' && r.status === 'SUCCEEDED');
      });
      const { qualityRun } = data(await admin('query($id: ID!) { qualityRun(id: $id) { status failure } }', { id: abandoned }));
      expect(qualityRun).toEqual({ status: 'FAILED', failure: 'Abandoned: its supervisor stopped before it finished' });
    } finally {
      await second.stop();
    }
  });
});
