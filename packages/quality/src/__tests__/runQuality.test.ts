import type { Queryable } from '@civicgraph/db';
import { readPlatformView, runQuality, type BaseDatabaseName, type PlatformClient, type QualityRule } from '..';

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

/** Residents with ids spread over the UUID space (one exactly on a walk's boundary), served a page of 100 at a time. */
function residentsPlatform(count: number): PlatformClient & { calls: number; ids: string[] } {
  const ids = Array.from({ length: count }, (_, i) => {
    const hex = Math.floor((i * 0xffffffff) / count)
      .toString(16)
      .padStart(8, '0');
    return `${hex}-0000-4000-8000-${String(i).padStart(12, '0')}`;
  });
  ids.push('40000000-0000-0000-0000-000000000000');
  ids.sort();
  const client = Object.assign(
    async (query: string, variables: Record<string, unknown>) => {
      client.calls++;
      if (query.includes('divisions')) return { divisions: [{ code: '310101' }] };
      const after = variables.after ? Buffer.from(String(variables.after), 'base64url').toString().replace(/^v1:/, '') : null;
      const rest = ids.filter((id) => after === null || id > after);
      const page = rest.slice(0, 100);
      return {
        people: {
          nodes: page.map((id) => ({ id, idNumber: `ID-${id}`, name: 'n', deathDate: null, residenceAddress: null })),
          pageInfo: { hasNextPage: rest.length > 100, endCursor: page.length ? Buffer.from(`v1:${page.at(-1)}`).toString('base64url') : null },
        },
      };
    },
    { calls: 0, ids },
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
    const platform = residentsPlatform(1_000);
    const dbs = databases([
      { key: 'l1', holder_identifier: `ID-${platform.ids[0]}` },
      { key: 'l2', holder_identifier: `ID-${platform.ids.at(-1)}` },
      { key: 'l3', holder_identifier: 'NOBODY' },
      { key: 'l4', holder_identifier: null },
    ]);
    const result = await runQuality({ databases: dbs, platform, rules: [OWNER_RULE, CROSS_RULE], asOf: new Date('2026-11-01T04:00:00Z') });
    expect(dbs.population.statements[0]).toContain(`FROM (${OWNER_RULE.sql}) AS checked_records`);
    expect(result.asOf).toBe('2026-11-01');
    expect(result.outcomes.map((o) => [o.rule.code, o.checked, o.failing])).toEqual([
      ['test.owner', 3, ['b']],
      ['test.cross', 3, ['l3']],
    ]);
    // The districts, and each of the four walks' pages: a resident read once, none left out.
    expect(platform.calls).toBeLessThanOrEqual(1 + 4 + Math.ceil(1_001 / 100));
  });

  test('the walks cover every resident once, the one on a boundary too', async () => {
    const platform = residentsPlatform(2_345);
    const view = await readPlatformView(platform);
    expect([...view.residenceAddressDistricts.keys()].sort()).toEqual(platform.ids);
    expect(view.residents.size).toBe(platform.ids.length);
    expect(view.districts).toEqual(new Set(['310101']));
  });

  test('stops between pages when aborted, rejecting with the reason', async () => {
    const controller = new AbortController();
    const platform = residentsPlatform(100_000);
    const run = runQuality({
      databases: databases(),
      platform,
      rules: [CROSS_RULE],
      signal: controller.signal,
      onProgress: (p) => (p.step === 'platform-read' && p.done >= 500 ? controller.abort(new Error('stopping')) : undefined),
    });
    await expect(run).rejects.toThrow('stopping');
    expect(platform.calls).toBeLessThan(20);
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
