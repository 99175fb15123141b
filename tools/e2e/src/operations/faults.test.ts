import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openDatabase, type Database } from '@civicgraph/db';
import { eventually, startTestCivicGraph, verifyAuditTrail, type GraphQLResponse, type TestCivicGraph } from '@civicgraph/platform';
import { startFaultProxy, throughProxy, type FaultProxy } from './faultProxy';

/**
 * Faults injected between the real services (and their databases) under load: what clients see, and that
 * the audit trail still holds — nothing delivered without its records, every refusal on record after
 * recovery, every chain intact. The gateway killed with SIGKILL is `audit/sigkill.test.ts`.
 */
const PROFILE = /* GraphQL */ `
  query Profile($idNumber: String!) {
    personByIdNumber(idNumber: $idNumber) {
      name
      licenses {
        name
      }
    }
  }
`;

interface Seen {
  status: number;
  requestId: string;
  retryAfter: string | null;
  body: GraphQLResponse['body'];
}

interface RequestRow {
  request_id: string;
  decision: string;
  error_codes: string[];
  released: string | null;
}

describe('faults under load', () => {
  let city: TestCivicGraph;
  let idNumber: string;
  let folder: string;
  const proxies: FaultProxy[] = [];
  const extraDatabases: Database[] = [];

  beforeAll(async () => {
    city = await startTestCivicGraph();
    folder = mkdtempSync(path.join(tmpdir(), 'faults-'));
    const holders = await city.dbs['e-license'].query<{ holder_id: string }>(`SELECT DISTINCT holder_id FROM license WHERE holder_kind = 'PERSON'`);
    const [person] = await city.dbs.population.query<{ id_number: string }>(`SELECT id_number FROM person WHERE id = ANY($1::uuid[]) ORDER BY id LIMIT 1`, [
      holders.map((h) => h.holder_id),
    ]);
    idNumber = person!.id_number;
  });
  afterAll(async () => {
    for (const proxy of proxies) await proxy.close();
    await city?.stop();
    for (const db of extraDatabases) await db.close();
    rmSync(folder, { recursive: true, force: true });
  });

  const proxyTo = async (url: string) => {
    const { hostname, port } = new URL(url);
    const proxy = await startFaultProxy({ host: hostname, port: Number(port) });
    proxies.push(proxy);
    return proxy;
  };

  const ask = async (gateway: string, body: object, apiKey = city.apiKey): Promise<Seen> => {
    const response = await fetch(gateway, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${apiKey}` },
      body: JSON.stringify(body),
    });
    return {
      status: response.status,
      requestId: response.headers.get('x-request-id')!,
      retryAfter: response.headers.get('retry-after'),
      body: (await response.json()) as GraphQLResponse['body'],
    };
  };
  const profile = (gateway: string) => ask(gateway, { query: PROFILE, variables: { idNumber } });

  const ready = async (gateway: string) => {
    const response = await fetch(gateway.replace(/\/graphql$/, '/ready'));
    return {
      status: response.status,
      body: (await response.json()) as { unavailableOwners?: string[]; spooledRecords?: number; requests?: { inFlight: number; peakInFlight: number } },
    };
  };

  const records = async (requestIds: string[]) =>
    new Map(
      (
        await city.dbs.governance.query<RequestRow>(`SELECT request_id, decision, error_codes, released FROM audit_request WHERE request_id = ANY($1)`, [
          requestIds,
        ])
      ).map((r) => [r.request_id, r]),
    );
  const disclosedBy = async (owner: 'population' | 'e-license', requestIds: string[]) =>
    new Set(
      (await city.dbs[owner].query<{ request_id: string }>(`SELECT DISTINCT request_id FROM audit_disclosure WHERE request_id = ANY($1)`, [requestIds])).map(
        (r) => r.request_id,
      ),
    );

  /** Clients sending the profile back to back until `until` resolves; every answer is kept. */
  const underLoad = async (gateway: string, clients: number, until: (seen: Seen[]) => Promise<void>) => {
    const seen: Seen[] = [];
    let loading = true;
    const running = Array.from({ length: clients }, async () => {
      while (loading) seen.push(await profile(gateway));
    });
    try {
      await until(seen);
    } finally {
      loading = false;
      await Promise.all(running);
    }
    return seen;
  };

  const isWhole = (s: Seen) => s.status === 200 && !s.body.errors && Array.isArray(s.body.data?.personByIdNumber?.licenses);
  const isPartial = (s: Seen) =>
    s.status === 200 &&
    typeof s.body.data?.personByIdNumber?.name === 'string' &&
    s.body.data.personByIdNumber.licenses === null &&
    (s.body.errors ?? []).length > 0 &&
    s.body.errors!.every(
      (e) =>
        ['OWNER_UNAVAILABLE', 'TIMEOUT'].includes(e.extensions?.code) &&
        e.extensions?.owner === 'e-license' &&
        e.path?.join('.') === 'personByIdNumber.licenses',
    );

  it("keeps serving the other owners' fields while one owner is killed, and its own again once it is back", async () => {
    const proxy = await proxyTo(city.subgraphUrls['e-license']);
    const gateway = (
      await city.anotherGateway({
        subgraphUrls: { ...city.subgraphUrls, 'e-license': throughProxy(city.subgraphUrls['e-license'], proxy) },
        breakers: { volumeThreshold: 3, resetTimeoutMs: 300 },
      })
    ).url;
    let readyDuringOutage: Awaited<ReturnType<typeof ready>> | undefined;
    const seen = await underLoad(gateway, 6, async (all) => {
      await eventually(60_000, async () => all.filter(isWhole).length >= 5);
      proxy.set('cut');
      await eventually(60_000, async () => all.filter(isPartial).length >= 15);
      readyDuringOutage = await ready(gateway);
      proxy.set('pass');
      const before = all.length;
      await eventually(60_000, async () => all.slice(before).filter(isWhole).length >= 5);
    });

    // Every response carried the person; those during the outage carried the rest with located, coded errors.
    for (const s of seen)
      expect({ whole: isWhole(s), partial: isPartial(s), s }).toEqual(expect.objectContaining({ [isWhole(s) ? 'whole' : 'partial']: true }));
    expect(seen.filter(isPartial).length).toBeGreaterThanOrEqual(15);
    // The breaker opened: readiness names the owner, and stays ready (the gateway serves the others).
    expect(readyDuringOutage).toEqual({ status: 200, body: expect.objectContaining({ unavailableOwners: ['e-license'] }) });

    // Nothing delivered without its records: the request record says what was released, each owner whose data
    // a response carried recorded its disclosure.
    const ids = seen.map((s) => s.requestId);
    const logged = await records(ids);
    const population = await disclosedBy('population', ids);
    const eLicense = await disclosedBy('e-license', ids);
    for (const s of seen) {
      const whole = isWhole(s);
      expect({ id: s.requestId, record: logged.get(s.requestId) }).toEqual({
        id: s.requestId,
        record: expect.objectContaining({ decision: 'ALLOWED', released: whole ? 'DELIVERED' : 'PARTIAL' }),
      });
      expect({ id: s.requestId, population: population.has(s.requestId) }).toEqual({ id: s.requestId, population: true });
      if (whole && s.body.data!.personByIdNumber.licenses.length)
        expect({ id: s.requestId, eLicense: eLicense.has(s.requestId) }).toEqual({ id: s.requestId, eLicense: true });
    }
  });

  it('keeps a hung owner from raising the requests in flight above the bound: the excess is shed, fast and on record', async () => {
    const proxy = await proxyTo(city.subgraphUrls['e-license']);
    const gateway = (
      await city.anotherGateway({
        subgraphUrls: { ...city.subgraphUrls, 'e-license': throughProxy(city.subgraphUrls['e-license'], proxy) },
        requestTimeoutMs: 700,
        admission: { maxInFlight: 4, maxQueued: 2, maxQueueWaitMs: 100 },
        // Never opens here, so every admitted request waits out the deadline at the hung owner.
        breakers: { volumeThreshold: 1_000_000 },
      })
    ).url;
    proxy.set('hang');
    const seen = await Promise.all(Array.from({ length: 24 }, () => profile(gateway)));
    proxy.set('pass');

    const shed = seen.filter((s) => s.status === 503);
    const served = seen.filter((s) => s.status === 200);
    expect(shed.length).toBeGreaterThan(0);
    expect(served.length).toBeGreaterThan(0);
    expect(shed.length + served.length).toBe(seen.length);
    for (const s of shed) {
      expect(s.body).toEqual({ errors: [expect.objectContaining({ extensions: { code: 'OVERLOADED', retryAfter: 1 } })] });
      expect(s.retryAfter).toBe('1');
    }
    for (const s of served) expect({ partial: isPartial(s), errors: s.body.errors }).toEqual(expect.objectContaining({ partial: true }));
    expect(served.every((s) => s.body.errors![0]!.extensions!.code === 'TIMEOUT')).toBe(true);
    // The gateway never had more than its bound in flight.
    expect((await ready(gateway)).body.requests).toEqual(expect.objectContaining({ inFlight: 0, peakInFlight: 4 }));
    // Every shed request is on record, as a refusal that released nothing.
    const logged = await records(seen.map((s) => s.requestId));
    for (const s of shed)
      expect(logged.get(s.requestId)).toEqual(expect.objectContaining({ decision: 'REFUSED', error_codes: ['OVERLOADED'], released: 'NONE' }));
    for (const s of served) expect(logged.get(s.requestId)).toEqual(expect.objectContaining({ decision: 'ALLOWED', released: 'PARTIAL' }));
  });

  const onPostgres = process.env.CIVICGRAPH_TEST_DATABASE === 'postgres';
  // Database connections and a database server going away exist only where the databases are servers:
  // these run in the PostgreSQL pass of the suite (`.ci/run` runs both).
  if (onPostgres) {
    it("answers the owner's fields OWNER_UNAVAILABLE, never an internal error, while its database connections are cut", async () => {
      const { url: gateway } = await city.anotherGateway({ breakers: { volumeThreshold: 1_000_000 } });
      const [{ datname }] = (await city.dbs['e-license'].query<{ datname: string }>('SELECT current_database() AS datname')) as [{ datname: string }];
      const cut = () =>
        city.dbs.governance.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()`, [datname]);
      let cuts = 0;
      const seen = await underLoad(gateway, 6, async (all) => {
        await eventually(60_000, async () => all.length >= 5);
        for (; cuts < 10; cuts++) {
          await cut();
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
        const before = all.length;
        await eventually(60_000, async () => all.slice(before).filter(isWhole).length >= 5);
      });
      for (const s of seen) {
        const codes = (s.body.errors ?? []).map((e) => e.extensions?.code);
        expect({ codes, internal: codes.includes('INTERNAL_SERVER_ERROR') }).toEqual({ codes: expect.any(Array), internal: false });
        // An owner that could not commit its disclosures withholds the response (503 AUDIT_UNAVAILABLE); otherwise
        // the person arrives, with any missing licenses located and coded.
        if (s.status === 503) expect(codes).toEqual(['AUDIT_UNAVAILABLE']);
        else expect(isWhole(s) || isPartial(s)).toBe(true);
      }
      const logged = await records(seen.map((s) => s.requestId));
      expect(seen.filter((s) => !logged.has(s.requestId))).toEqual([]);
    });

    it('keeps deciding while the governance database is down: every decision spooled, chained in order once it returns', async () => {
      const url = new URL(city.databaseUrls!.governance);
      const proxy = await startFaultProxy({ host: url.hostname, port: Number(url.port || 5432) });
      proxies.push(proxy);
      url.host = proxy.address;
      // The gateway's own connections to the governance database, through the proxy; closed after the gateway stops.
      const governance = await openDatabase({ name: 'governance', url: url.toString(), poolSize: 4 });
      extraDatabases.push(governance);
      {
        const { url: gateway } = await city.anotherGateway({ dbs: { governance }, requestLogSpoolFile: path.join(folder, 'request-log.spool') });
        expect((await profile(gateway)).status).toBe(200);
        proxy.set('cut');
        // Past the directory's cache (short in the test city): keys and scenarios now come from the last read.
        await new Promise((resolve) => setTimeout(resolve, 400));
        const during = [
          await profile(gateway),
          await profile(gateway),
          // A refusal decided without the database: an operation name the document does not define.
          await ask(gateway, { query: PROFILE, variables: { idNumber }, operationName: 'Nope' }),
          // A key never read before the outage cannot be checked now.
          await ask(gateway, { query: PROFILE, variables: { idNumber } }, 'cg_neverseenbefore_0000000000000000000000'),
        ];
        expect(during.map((s) => s.status)).toEqual([200, 200, 400, 503]);
        expect(during[3]!.body.errors?.[0]?.extensions).toEqual(expect.objectContaining({ code: 'OWNER_UNAVAILABLE', owner: 'governance' }));
        const outage = await ready(gateway);
        expect(outage).toEqual({ status: 503, body: expect.objectContaining({ failing: expect.arrayContaining(['database']), spooledRecords: 4 }) });
        // Nothing of it reached the log yet.
        expect((await records(during.map((s) => s.requestId))).size).toBe(0);

        proxy.set('pass');
        await eventually(30_000, async () => (await ready(gateway)).body.spooledRecords === 0);
        const logged = await records(during.map((s) => s.requestId));
        expect(during.map((s) => logged.get(s.requestId))).toEqual([
          expect.objectContaining({ decision: 'ALLOWED', released: 'DELIVERED' }),
          expect.objectContaining({ decision: 'ALLOWED', released: 'DELIVERED' }),
          expect.objectContaining({ decision: 'REFUSED', error_codes: ['OPERATION_RESOLUTION_FAILURE'], released: 'NONE' }),
          expect.objectContaining({ decision: 'REFUSED', error_codes: ['OWNER_UNAVAILABLE'], released: 'NONE' }),
        ]);
        // In the order they were decided.
        const order = await city.dbs.governance.query<{ request_id: string }>(`SELECT request_id FROM audit_request WHERE request_id = ANY($1) ORDER BY seq`, [
          during.map((s) => s.requestId),
        ]);
        expect(order.map((r) => r.request_id)).toEqual(during.map((s) => s.requestId));
      }
    });
  }

  it('leaves every audit chain intact', async () => {
    for (const report of await verifyAuditTrail(city.dbs)) expect(report).toEqual(expect.objectContaining({ problem: null }));
  });
});
