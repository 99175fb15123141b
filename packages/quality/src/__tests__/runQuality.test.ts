import type { Queryable } from '@civicgraph/db';
import { runQuality, type BaseDatabaseName, type PlatformClient, type QualityRule } from '..';

/** A database that answers every owner rule with its canned row, and every cross rule's own statement with `rows`. */
function fakeDatabase(rows: Record<string, unknown>[] = []): Queryable & { statements: string[] } {
  const statements: string[] = [];
  return {
    statements,
    async query<Row>(sql: string) {
      statements.push(sql);
      return (sql.startsWith('SELECT count(*)') ? [{ checked: 3, failing: ['b'] }] : rows) as Row[];
    },
  };
}

const OWNER_RULE: QualityRule = {
  kind: 'owner',
  code: 'test.owner',
  dimension: 'COMPLETENESS',
  item: 'Person.name',
  database: 'population',
  table: 'person',
  description: 'test',
  sql: 'SELECT id AS key, false AS fails FROM person',
};
const CROSS_RULE: QualityRule = {
  kind: 'cross',
  code: 'test.cross',
  dimension: 'CONSISTENCY',
  item: 'License.holder',
  database: 'e-license',
  table: 'license',
  description: 'test',
  sql: 'SELECT id AS key, holder_identifier FROM license',
  judge: (row, platform) => (row.holder_identifier === null ? 'out-of-scope' : platform.residents.has(row.holder_identifier) ? 'pass' : 'fail'),
};

function residentsPlatform(pages: number): PlatformClient & { calls: number } {
  const client = Object.assign(
    async (query: string, variables: Record<string, unknown>) => {
      client.calls++;
      if (query.includes('divisions')) return { divisions: [{ code: '310101' }] };
      const page = Number(variables.after ?? 0);
      return {
        people: {
          nodes: [{ id: `p${page}`, idNumber: `ID${page}`, name: 'n', deathDate: null, residenceAddress: null }],
          pageInfo: { hasNextPage: page + 1 < pages, endCursor: String(page + 1) },
        },
      };
    },
    { calls: 0 },
  );
  return client;
}

function databases(licenseRows: Record<string, unknown>[] = []) {
  return {
    population: fakeDatabase(),
    'legal-entity': fakeDatabase(),
    spatial: fakeDatabase(),
    'e-license': fakeDatabase(licenseRows),
  } satisfies Record<BaseDatabaseName, Queryable>;
}

describe('runQuality', () => {
  test("counts an owner rule in one statement around the rule's own, and judges cross rules against every page the platform served", async () => {
    const dbs = databases([
      { key: 'l1', holder_identifier: 'ID0' },
      { key: 'l2', holder_identifier: 'ID2' },
      { key: 'l3', holder_identifier: 'NOBODY' },
      { key: 'l4', holder_identifier: null },
    ]);
    const platform = residentsPlatform(3);
    const result = await runQuality({ databases: dbs, platform, rules: [OWNER_RULE, CROSS_RULE], asOf: new Date('2026-11-01T04:00:00Z') });
    expect(dbs.population.statements[0]).toContain(`FROM (${OWNER_RULE.sql}) AS checked_records`);
    expect(result.asOf).toBe('2026-11-01');
    expect(result.outcomes.map((o) => [o.rule.code, o.checked, o.failing])).toEqual([
      ['test.owner', 3, ['b']],
      ['test.cross', 3, ['l3']],
    ]);
    expect(platform.calls).toBe(4);
  });

  test('stops between pages when aborted, rejecting with the reason', async () => {
    const controller = new AbortController();
    const platform = residentsPlatform(1_000);
    const run = runQuality({
      databases: databases(),
      platform,
      rules: [CROSS_RULE],
      signal: controller.signal,
      onProgress: (p) => (p.step === 'platform-read' && p.done === 5 ? controller.abort(new Error('stopping')) : undefined),
    });
    await expect(run).rejects.toThrow('stopping');
    expect(platform.calls).toBeLessThan(10);
  });

  test('an error from the platform ends the run: no record is judged on a partial view', async () => {
    const failing: PlatformClient = async () => {
      throw new Error('FORBIDDEN');
    };
    await expect(runQuality({ databases: databases([{ key: 'l1', holder_identifier: 'ID0' }]), platform: failing, rules: [CROSS_RULE] })).rejects.toThrow(
      'FORBIDDEN',
    );
  });
});
