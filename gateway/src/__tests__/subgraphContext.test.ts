import type { GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { BINDING_HEADER, CONTEXT_HEADER, contextTrustFor, generateContextSigningKey, verifyRequestContext } from '@civicgraph/policy';
import { createLogger } from '@civicgraph/server';
import { createOwnerBreakers } from '../ownerBreakers';
import type { ScenarioSnapshot } from '../scenarioDirectory';
import type { GatewayContext } from '../GatewayContext';
import { SubgraphDataSource } from '../SubgraphDataSource';

/**
 * What the gateway sends each subgraph as its context: one signed context reused across the requests of a
 * caller under one scenario snapshot, subject and use reason, and a binding to each request.
 */
describe('the context the gateway sends a subgraph', () => {
  const key = generateContextSigningKey();
  const trust = contextTrustFor(key, 'population');
  /** The headers of the last fetch. */
  let sent: Record<string, string> = {};
  const source = new SubgraphDataSource(
    'http://population.invalid/graphql',
    async ({ headers }) => {
      sent = headers;
      return { status: 200, header: () => undefined, body: { data: { __typename: 'Query' } } };
    },
    'population',
    key.privateKey,
    new Set(['Query', 'Person']),
    new Set(['Person.religion']),
    () => undefined,
    createOwnerBreakers(() => false),
    createLogger({ name: 'test', level: 'silent' }),
  );

  const snapshot = (grants: [coordinate: string, expiresAt: Date | null][]): ScenarioSnapshot => ({
    code: 'office',
    name: 'Office',
    version: 3,
    status: 'ACTIVE',
    validFrom: new Date(0),
    validUntil: null,
    useReasonRequired: false,
    traffic: { requestsPerSecond: null, burst: null, rowsPerDay: null },
    registeredOperationsOnly: false,
    operations: new Map(),
    constraints: { districts: ['310101'] },
    grants: new Map(grants.map(([coordinate, expiresAt]) => [coordinate, { coordinate, mask: null, expiresAt }])),
  });
  const DEADLINE = Date.now() + 60_000;
  const office = snapshot([
    ['Query.person', null],
    ['Person.name', null],
    ['Person.religion', null],
    ['LegalEntity.name', null],
  ]);

  /** The two headers one fetch of a request carries. */
  async function send(requestId: string, scenario: ScenarioSnapshot, subject: string | null = null) {
    const context = {
      requestId,
      deadline: DEADLINE,
      subject,
      useReason: null,
      caller: { applicationId: 'app-1', apiKeyId: 'key-1', applicationName: 'Office app', departmentCode: 'SH-CAB', scenario },
    } as unknown as GatewayContext;
    await source.process({ request: { query: '{ __typename }' }, context } as unknown as GraphQLDataSourceProcessOptions<Partial<GatewayContext>>);
    return { [CONTEXT_HEADER]: sent[CONTEXT_HEADER]!, [BINDING_HEADER]: sent[BINDING_HEADER]! };
  }

  it('signs once for a caller and binds each request to its own id and deadline', async () => {
    const first = await send('request-1', office);
    const second = await send('request-2', office);
    expect(second[CONTEXT_HEADER]).toBe(first[CONTEXT_HEADER]);
    expect(second[BINDING_HEADER]).not.toBe(first[BINDING_HEADER]);
    const verified = [await verifyRequestContext(first, trust, 'population'), await verifyRequestContext(second, trust, 'population')];
    expect(verified.map((v) => [v.requestId, v.deadline])).toEqual([
      ['request-1', DEADLINE],
      ['request-2', DEADLINE],
    ]);
    // Only this subgraph's grants, none on the negative list, and the scenario's row constraints.
    expect(verified[0]).toMatchObject({ scenario: 'office', grantVersion: 3, grants: ['Query.person', 'Person.name'], constraints: { districts: ['310101'] } });
  });

  it('signs anew for another subject, and for a scenario snapshot read after a change', async () => {
    const base = (await send('request-1', office))[CONTEXT_HEADER];
    const forCitizen = await send('request-2', office, '310101199003071230');
    expect(forCitizen[CONTEXT_HEADER]).not.toBe(base);
    expect(await verifyRequestContext(forCitizen, trust, 'population')).toMatchObject({ subject: '310101199003071230' });
    const reread = snapshot([['Query.person', null]]);
    const afterChange = await send('request-3', reread);
    expect(afterChange[CONTEXT_HEADER]).not.toBe(base);
    expect(await verifyRequestContext(afterChange, trust, 'population')).toMatchObject({ grants: ['Query.person'] });
  });

  it('never lets a context outlive a grant in it', async () => {
    const soon = new Date(Date.now() + 5_000);
    const expiring = snapshot([
      ['Query.person', null],
      ['Person.name', soon],
    ]);
    const verified = await verifyRequestContext(await send('request-1', expiring), trust, 'population');
    expect(verified.expiresAt).toBeLessThanOrEqual(soon.getTime());
    expect(verified.grants).toEqual(['Query.person', 'Person.name']);
  });
});
