import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { createPublicKey, verify } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import {
  CHANGE_FEED_API,
  createScenarios,
  eventually,
  makeCityChanges,
  startTestCivicGraph,
  type ScenarioDefinition,
  type TestCivicGraph,
} from '@civicgraph/platform';
import { PrismaClient as GovernanceClient } from '@civicgraph/prisma/governance';

/** A consumer's endpoint: records what arrives; answers as `answer` says. */
interface Receiver {
  url: string;
  received: { headers: IncomingHttpHeaders; body: string; event: CloudEventJson }[];
  answer: (event: CloudEventJson, attempt: number) => number;
  server: Server;
}

interface CloudEventJson {
  id: string;
  type: string;
  source: string;
  subject: string;
  sequence: string;
  specversion: string;
  data: { entityType: string; key: string; operation: string; changedFields: string[]; record?: Record<string, unknown> };
}

async function startReceiver(): Promise<Receiver> {
  const receiver = { received: [], answer: () => 204 } as unknown as Receiver;
  const attempts = new Map<string, number>();
  receiver.server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      const event = JSON.parse(body) as CloudEventJson;
      const attempt = (attempts.get(event.id) ?? 0) + 1;
      attempts.set(event.id, attempt);
      const status = receiver.answer(event, attempt);
      if (status >= 200 && status < 300) receiver.received.push({ headers: req.headers, body, event });
      res.writeHead(status).end();
    });
  });
  await new Promise<void>((resolve) => receiver.server.listen(0, '127.0.0.1', resolve));
  receiver.url = `http://127.0.0.1:${(receiver.server.address() as AddressInfo).port}/events`;
  return receiver;
}

const FEED_GRANTS = ['Query.person', 'Person.id', 'Person.name', 'Person.deathDate', 'Person.maritalStatus', ...CHANGE_FEED_API];
const FEEDER: ScenarioDefinition = {
  code: 'feed-test',
  name: 'Change feed test',
  purpose: 'tests',
  legalBasis: 'tests',
  departmentCode: 'SH-BDC',
  useReasonRequired: false,
  grants: FEED_GRANTS,
  masks: { 'Person.name': 'NAME' },
};

const SUBSCRIBE = `mutation Subscribe($input: ChangeSubscriptionInput!) {
  subscribeToChanges(input: $input) { secret subscription { id status payload streamPath nextSequence } }
}`;

describe('change feeds', () => {
  let city: TestCivicGraph;
  let governance: GovernanceClient;
  let key: string;
  let people: { id: string; residence_district_code: string; name: string }[];
  const as = (apiKey: string) => ({ authorization: `Bearer ${apiKey}` });

  const subscribe = async (apiKey: string, input: Record<string, unknown>) => {
    const response = await city.query(SUBSCRIBE, { input: { owner: 'POPULATION', entityTypes: ['Person'], ...input } }, as(apiKey));
    expect(response.body.errors).toBeUndefined();
    return (response.body.data as { subscribeToChanges: { secret: string; subscription: { id: string; streamPath: string | null } } }).subscribeToChanges;
  };
  /** Changes a resident's marital status (always to another value, so it is a change). */
  const setMarital = (id: string) =>
    city.dbs.population.query(
      `UPDATE person SET marital_status = (CASE WHEN marital_status::text = 'DIVORCED' THEN 'MARRIED' ELSE 'DIVORCED' END)::"MaritalStatus" WHERE id = $1::uuid`,
      [id],
    );
  const attemptsOf = (id: string) => governance.changeAttempt.findMany({ where: { subscriptionId: id }, orderBy: { id: 'asc' } });

  beforeAll(async () => {
    city = await startTestCivicGraph();
    governance = new GovernanceClient({ adapter: city.dbs.governance.adapter });
    [{ apiKey: key }] = (await createScenarios(governance, [FEEDER])) as unknown as [{ apiKey: string }];
    people = await city.dbs.population.query(`SELECT id::text, residence_district_code, name FROM person WHERE death_date IS NULL ORDER BY id LIMIT 40`);
  });
  afterAll(() => city?.stop());

  it('delivers each change as a CloudEvent signed per Standard Webhooks, with only the granted changed fields, masked as a query would read them', async () => {
    const receiver = await startReceiver();
    const { secret, subscription } = await subscribe(key, { delivery: 'WEBHOOK', endpoint: receiver.url, payload: 'FULL' });
    const person = people[0]!;
    // One change of three columns, one of which (phone) the scenario is not granted; then one of phone alone; then a name.
    await city.dbs.population.query(`UPDATE person SET death_date = '2026-12-01', marital_status = 'WIDOWED', phone = '13900000000' WHERE id = $1::uuid`, [
      person.id,
    ]);
    await city.dbs.population.query(`UPDATE person SET phone = '13900000001' WHERE id = $1::uuid`, [person.id]);
    await city.dbs.population.query(`UPDATE person SET name = '张三丰' WHERE id = $1::uuid`, [person.id]);
    await eventually(5_000, async () => receiver.received.length >= 2);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(receiver.received).toHaveLength(2);
    const [first, second] = receiver.received.map((r) => r.event) as [CloudEventJson, CloudEventJson];
    expect(first).toMatchObject({
      specversion: '1.0',
      id: `${subscription.id}:1`,
      type: 'gov.shanghai.civicgraph.Person.updated',
      source: '/civicgraph/population',
      subject: `Person/${person.id}`,
      sequence: '1',
      data: { entityType: 'Person', key: person.id, operation: 'UPDATED', changedFields: ['deathDate', 'maritalStatus'] },
    });
    expect(first.data.record).toEqual({ id: person.id, deathDate: '2026-12-01', maritalStatus: 'WIDOWED' });
    // The phone-only change left nothing granted: no event, and no gap in the numbers.
    expect(second.sequence).toBe('2');
    expect(second.data.changedFields).toEqual(['name']);
    expect(second.data.record!.name).not.toBe('张三丰');
    expect(String(second.data.record!.name)).toMatch(/^张\*+$/);
    expect(JSON.stringify(receiver.received.map((r) => r.event))).not.toMatch(/139000000/);

    // Signatures: the specification's reference library verifies the symmetric one, Node's Ed25519 the other.
    const keys = (await (await fetch(city.url.replace(/\/graphql$/, '/feeds/keys'))).json()) as { keys: { publicKey: string }[] };
    expect(keys.keys.map((k) => k.publicKey)).toEqual(city.feeds!.signingKeys.map((k) => k.publicKey));
    for (const { headers, body } of receiver.received) {
      expect(new Webhook(secret).verify(body, headers as Record<string, string>)).toEqual(JSON.parse(body));
      expect(() => new Webhook(secret).verify(body.replace('UPDATED', 'CREATED'), headers as Record<string, string>)).toThrow();
      const raw = Buffer.from(keys.keys[0]!.publicKey.slice('whpk_'.length), 'base64');
      const publicKey = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: raw.toString('base64url') }, format: 'jwk' });
      const signed = Buffer.from(`${headers['webhook-id']}.${headers['webhook-timestamp']}.${body}`);
      const asymmetric = String(headers['webhook-signature'])
        .split(' ')
        .filter((s) => s.startsWith('v1a,'));
      expect(asymmetric.some((s) => verify(null, signed, publicKey, Buffer.from(s.slice(4), 'base64')))).toBe(true);
      expect(asymmetric.some((s) => verify(null, Buffer.from(`${signed}x`), publicKey, Buffer.from(s.slice(4), 'base64')))).toBe(false);
    }
    receiver.server.close();
    await city.query(`mutation { cancelChangeSubscription(id: "${subscription.id}") { status } }`, {}, as(key));
  });

  it("keeps each record's changes in the order they were made under concurrent writers, numbered without gaps", async () => {
    const receiver = await startReceiver();
    const { subscription } = await subscribe(key, { delivery: 'WEBHOOK', endpoint: receiver.url, payload: 'FULL' });
    const targets = people.slice(1, 4);
    const states = ['MARRIED', 'DIVORCED', 'WIDOWED', 'UNMARRIED'];
    // Twelve writers at once, four on each record, each holding its transaction open a different while before
    // committing: the order in which changes commit is not the order in which they started.
    await Promise.all(
      Array.from({ length: 12 }, (_, w) =>
        city.dbs.population.transaction(async (tx) => {
          await tx.query(`UPDATE person SET marital_status = $2::"MaritalStatus" WHERE id = $1::uuid`, [targets[w % 3]!.id, states[w % states.length]]);
          await tx.query(`SELECT pg_sleep($1)`, [((w * 7) % 5) / 100]);
        }),
      ),
    );
    const finals = await city.dbs.population.query<{ id: string; marital_status: string }>(
      `SELECT id::text, marital_status::text FROM person WHERE id = ANY($1::uuid[])`,
      [targets.map((t) => t.id)],
    );
    const changes = await city.dbs.population.query<{ seq: string; entity_key: string }>(
      `SELECT seq::text, entity_key FROM change_outbox WHERE entity_key = ANY($1) AND changed_columns @> '{marital_status}' ORDER BY seq`,
      [targets.map((t) => t.id)],
    );
    const expected = changes.filter((c) => BigInt(c.seq) > 0n).length;
    await eventually(
      10_000,
      async () => receiver.received.length >= Math.min(expected, 1) && (await attemptsOf(subscription.id)).length >= receiver.received.length,
    );
    await eventually(10_000, async () => {
      const last = receiver.received.at(-1)?.event;
      return (
        !!last &&
        finals.every((f) => [...receiver.received].reverse().find((r) => r.event.data.key === f.id)?.event.data.record?.maritalStatus === f.marital_status)
      );
    });
    const sequences = receiver.received.map((r) => Number(r.event.sequence));
    expect(sequences).toEqual(sequences.map((_, i) => i + 1));
    // Each record's events follow its outbox order.
    const events = await governance.changeEvent.findMany({ where: { subscriptionId: subscription.id }, orderBy: { sequence: 'asc' } });
    for (const target of targets) {
      const outboxOrder = events.filter((e) => e.entityKey === target.id).map((e) => e.outboxSeq);
      expect(outboxOrder).toEqual([...outboxOrder].sort((a, b) => (a < b ? -1 : 1)));
    }
    receiver.server.close();
    await city.query(`mutation { cancelChangeSubscription(id: "${subscription.id}") { status } }`, {}, as(key));
  });

  it('retries a failing endpoint with backoff, gives an event up as a dead letter and goes on, replays it, and disables an endpoint that answers 410', async () => {
    const receiver = await startReceiver();
    const { subscription } = await subscribe(key, { delivery: 'WEBHOOK', endpoint: receiver.url });
    const [a, b, c] = people.slice(5, 8) as [(typeof people)[0], (typeof people)[0], (typeof people)[0]];
    // a: fails twice, then succeeds; b: always fails; c: delivered after b is given up.
    receiver.answer = (event, attempt) => (event.data.key === a.id && attempt <= 2 ? 500 : event.data.key === b.id ? 503 : 204);
    await setMarital(a.id);
    await setMarital(b.id);
    await setMarital(c.id);
    await eventually(10_000, async () => receiver.received.some((r) => r.event.data.key === c.id));
    expect(receiver.received.map((r) => [r.event.data.key, r.event.sequence])).toEqual([
      [a.id, '1'],
      [c.id, '3'],
    ]);
    const attempts = await attemptsOf(subscription.id);
    // Read with a's first attempt and held behind it (b, c), then tried in their turn.
    const tried = attempts.filter((t) => t.outcome !== 'HELD');
    expect(attempts.filter((t) => t.outcome === 'HELD').map((t) => t.sequence)).toEqual([2n, 3n]);
    expect(tried.filter((t) => t.sequence === 1n).map((t) => t.outcome)).toEqual(['FAILED', 'FAILED', 'DELIVERED']);
    // One attempt and a retry after each of the test city's three waits, then given up.
    expect(tried.filter((t) => t.sequence === 2n).map((t) => `${t.outcome} ${t.httpStatus}`)).toEqual(Array(4).fill('FAILED 503'));
    const dead = await city.query(
      `query { changeSubscription(id: "${subscription.id}") { deadLetters { sequence key status attempts lastError } } }`,
      {},
      as(key),
    );
    expect(dead.body.data).toEqual({ changeSubscription: { deadLetters: [{ sequence: 2, key: b.id, status: 'DEAD', attempts: 4, lastError: 'HTTP 503' }] } });
    // The endpoint is fixed: the dead letter is replayed, re-read and delivered.
    receiver.answer = () => 204;
    const replay = await city.query(`mutation { replayChanges(id: "${subscription.id}", fromSequence: 2, toSequence: 2) }`, {}, as(key));
    expect(replay.body.data).toEqual({ replayChanges: 1 });
    await eventually(5_000, async () => receiver.received.some((r) => r.event.data.key === b.id));
    expect(receiver.received.at(-1)!.event.sequence).toBe('2');
    // 410 Gone: the platform stops sending there.
    receiver.answer = () => 410;
    await setMarital(a.id);
    await eventually(5_000, async () => (await governance.changeSubscription.findUnique({ where: { id: subscription.id } }))!.status === 'DISABLED');
    const gone = await city.query(`query { changeSubscription(id: "${subscription.id}") { status statusReason } }`, {}, as(key));
    expect(gone.body.data).toMatchObject({ changeSubscription: { status: 'DISABLED', statusReason: expect.stringMatching(/410 Gone/) } });
    receiver.answer = () => 204;
    await city.query(`mutation { reactivateChangeSubscription(id: "${subscription.id}") { status } }`, {}, as(key));
    await eventually(5_000, async () => receiver.received.some((r) => r.event.sequence === '4'));
    receiver.server.close();
    await city.query(`mutation { cancelChangeSubscription(id: "${subscription.id}") { status } }`, {}, as(key));
  });

  it("delivers only records inside the scenario's rows, and stops at once when the scenario is suspended (the stream ends with the reason, a reconnect is refused)", async () => {
    const district = people[10]!.residence_district_code;
    const [{ apiKey: districtKey }] = (await createScenarios(governance, [
      { ...FEEDER, code: 'feed-district', constraints: { districts: [district] } },
    ])) as unknown as [{ apiKey: string }];
    const inside = people.filter((p) => p.residence_district_code === district).slice(0, 2);
    const outside = people.find((p) => p.residence_district_code !== district)!;
    const receiver = await startReceiver();
    const hook = (await subscribe(districtKey, { delivery: 'WEBHOOK', endpoint: receiver.url })).subscription;
    const stream = (await subscribe(districtKey, { delivery: 'STREAM' })).subscription;
    const reader = await openStream(`${city.url.replace(/\/graphql$/, '')}${stream.streamPath}`, districtKey);
    await setMarital(outside.id);
    await setMarital(inside[0]!.id);
    await eventually(5_000, async () => receiver.received.length === 1 && reader.events.length === 1);
    expect(receiver.received[0]!.event).toMatchObject({ sequence: '1', data: { key: inside[0]!.id, changedFields: ['maritalStatus'] } });
    expect(JSON.parse(reader.events[0]!.data)).toMatchObject({ sequence: '1', data: { key: inside[0]!.id } });
    expect(reader.events[0]!.id).toBe('1');

    await governance.scenario.update({ where: { code: 'feed-district' }, data: { status: 'SUSPENDED' } });
    await setMarital(inside[1]!.id);
    await eventually(5_000, async () => reader.ended !== undefined);
    expect(reader.ended).toMatchObject({ code: 'SCENARIO_SUSPENDED' });
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(receiver.received).toHaveLength(1);
    expect(reader.events).toHaveLength(1);
    expect((await attemptsOf(hook.id)).length).toBe(1);
    const again = await fetch(`${city.url.replace(/\/graphql$/, '')}${stream.streamPath}`, { headers: as(districtKey) });
    expect(again.status).toBe(403);
    expect(await again.json()).toMatchObject({ errors: [{ message: expect.stringMatching(/suspended/), extensions: { code: 'FORBIDDEN' } }] });
    receiver.server.close();
  });

  it('follows the scenario as a query would: a grant removed drops its field, an expired scenario or an unbound application stops delivery', async () => {
    const [{ apiKey: expiringKey }] = (await createScenarios(governance, [{ ...FEEDER, code: 'feed-expiring' }])) as unknown as [{ apiKey: string }];
    const receiver = await startReceiver();
    const { subscription } = await subscribe(expiringKey, { delivery: 'WEBHOOK', endpoint: receiver.url, payload: 'FULL' });
    const person = people[20]!;
    await governance.grant.deleteMany({ where: { scenarioCode: 'feed-expiring', coordinate: 'Person.deathDate' } });
    await city.dbs.population.query(`UPDATE person SET death_date = '2026-12-02', marital_status = 'WIDOWED' WHERE id = $1::uuid`, [person.id]);
    await eventually(5_000, async () => receiver.received.length === 1);
    expect(receiver.received[0]!.event.data).toMatchObject({ changedFields: ['maritalStatus'], record: { id: person.id, maritalStatus: 'WIDOWED' } });
    expect(receiver.received[0]!.body).not.toMatch(/deathDate|2026-12-02/);

    const quiet = async (change: () => Promise<unknown>) => {
      await change();
      await setMarital(person.id);
      await new Promise((resolve) => setTimeout(resolve, 600));
      expect(receiver.received).toHaveLength(1);
      expect(await governance.changeEvent.count({ where: { subscriptionId: subscription.id } })).toBe(1);
    };
    await quiet(() => governance.scenario.update({ where: { code: 'feed-expiring' }, data: { validUntil: new Date(Date.now() - 1_000) } }));
    await quiet(async () => {
      await governance.scenario.update({ where: { code: 'feed-expiring' }, data: { validUntil: null } });
      await governance.scenarioApplication.deleteMany({ where: { scenarioCode: 'feed-expiring' } });
    });
    receiver.server.close();
  });

  it('resumes a stream from the last event id it saw, sending what came after again', async () => {
    const { subscription } = await subscribe(key, { delivery: 'STREAM' });
    const url = `${city.url.replace(/\/graphql$/, '')}${subscription.streamPath}`;
    const first = await openStream(url, key);
    for (const p of people.slice(12, 15)) await setMarital(p.id);
    await eventually(5_000, async () => first.events.length === 3);
    first.close();
    await setMarital(people[15]!.id);
    const resumed = await openStream(url, key, '1');
    await eventually(5_000, async () => resumed.events.length === 3);
    expect(resumed.events.map((e) => e.id)).toEqual(['2', '3', '4']);
    expect(resumed.events.map((e) => JSON.parse(e.data).data.key)).toEqual(people.slice(13, 16).map((p) => p.id));
    resumed.close();
    // Somebody else's key reads nothing of it.
    const [{ apiKey: other }] = (await createScenarios(governance, [{ ...FEEDER, code: 'feed-other' }])) as unknown as [{ apiKey: string }];
    expect((await fetch(url, { headers: as(other) })).status).toBe(404);
    // And without a key, nothing at all.
    const anonymous = await fetch(url);
    expect(anonymous.status).toBe(401);
    expect(await anonymous.json()).toMatchObject({ errors: [{ extensions: { code: 'UNAUTHENTICATED' } }] });
  });

  it('goes on after a dispatcher restart without losing an event, each delivered at least once under one id', async () => {
    const receiver = await startReceiver();
    const { subscription } = await subscribe(key, { delivery: 'WEBHOOK', endpoint: receiver.url });
    const made = await makeCityChanges(city.dbs, { deaths: 5, moves: 10 });
    await eventually(5_000, async () => receiver.received.length >= 2);
    await city.feeds!.stopDispatcher();
    const made2 = await makeCityChanges(city.dbs, { deaths: 3, births: 2 });
    await city.feeds!.startDispatcher();
    // Deaths and births are granted fields (deathDate; a birth creates nothing this UPDATED/CREATED subscription misses); moves are not.
    const expected = [...made, ...made2].filter((m) => m.kind !== 'moves').length;
    await eventually(10_000, async () => new Set(receiver.received.map((r) => r.headers['webhook-id'])).size >= expected);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const ids = [...new Set(receiver.received.map((r) => r.headers['webhook-id']))];
    expect(ids).toHaveLength(expected);
    expect(ids.map((id) => Number(String(id).split(':')[1])).sort((x, y) => x - y)).toEqual(Array.from({ length: expected }, (_, i) => i + 1));
    receiver.server.close();
    await city.query(`mutation { cancelChangeSubscription(id: "${subscription.id}") { status } }`, {}, as(key));

    // Every delivered attempt is in the owner's disclosure log: the re-read's request, the record, the fields carried.
    const attempts = (await attemptsOf(subscription.id)).filter((t) => t.outcome === 'DELIVERED');
    const events = new Map((await governance.changeEvent.findMany({ where: { subscriptionId: subscription.id } })).map((e) => [e.sequence, e]));
    const disclosures = await city.dbs.population.query<{ request_id: string; entity_keys: string[]; fields: string[]; scenario: string; use_reason: string }>(
      `SELECT request_id, entity_keys, fields, scenario, use_reason FROM audit_disclosure WHERE use_reason = $1`,
      [`change feed ${subscription.id}`],
    );
    expect(attempts.length).toBeGreaterThanOrEqual(expected);
    for (const attempt of attempts) {
      const record = disclosures.find((d) => d.request_id === attempt.requestId && d.entity_keys.includes(events.get(attempt.sequence)!.entityKey));
      expect(record).toBeDefined();
      expect(record!.scenario).toBe('feed-test');
      // The key is named by the record's entity keys; every other field carried is a disclosed field.
      expect([...record!.fields].sort()).toEqual(attempt.fields.filter((f) => f !== 'id').sort());
    }
    // And nothing was read for the feed that no attempt accounts for.
    expect(new Set(disclosures.map((d) => d.request_id))).toEqual(new Set(attempts.map((a) => a.requestId)));
    // Operators count the attempts at the gateway's /metrics.
    const metrics = await (await fetch(city.url.replace(/\/graphql$/, '/metrics'), { headers: { authorization: `Bearer ${city.metricsToken}` } })).text();
    expect(metrics).toMatch(/^civicgraph_feed_attempts_total\{owner="population",outcome="DELIVERED"\} [1-9]\d*$/m);
    expect(metrics).toMatch(/^civicgraph_feed_dead_letters_total\{owner="population"\} [1-9]\d*$/m);
  });

  it('prunes outbox rows past the retention that every subscription has read, and keeps those one still needs', async () => {
    const population = city.dbs.population;
    await population.query(`UPDATE change_outbox SET at = now() - interval '8 days'`);
    const [{ through }] = (await city.dbs.governance.query<{ through: string }>(
      `SELECT min(position)::text AS through FROM change_subscription WHERE owner = 'population' AND status <> 'CANCELLED'`,
    )) as [{ through: string }];
    const count = async (where: string) =>
      Number((await population.query<{ n: string }>(`SELECT count(*)::text AS n FROM change_outbox WHERE ${where}`, [through]))[0]!.n);
    const [read, unread] = [await count('seq <= $1'), await count('seq > $1')];
    expect(read).toBeGreaterThan(0);
    expect(unread).toBeGreaterThan(0); // the subscription of the expired, then unbound, scenario waits where it stopped
    expect(await city.feeds!.pruneOutbox()).toBe(read);
    expect([await count('seq <= $1'), await count('seq > $1')]).toEqual([0, unread]);
  });
});

/** A minimal server-sent events reader over fetch: events by id, and the `end` event's data. */
async function openStream(url: string, apiKey: string, lastEventId?: string) {
  const controller = new AbortController();
  const response = await fetch(url, {
    headers: { authorization: `Bearer ${apiKey}`, accept: 'text/event-stream', ...(lastEventId ? { 'last-event-id': lastEventId } : {}) },
    signal: controller.signal,
  });
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
  const reader = { events: [] as { id: string; data: string }[], ended: undefined as unknown, close: () => controller.abort() };
  void (async () => {
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
        buffer += decoder.decode(chunk, { stream: true });
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const fields = Object.fromEntries(
            block
              .split('\n')
              .filter((l) => l && !l.startsWith(':'))
              .map((l) => [l.slice(0, l.indexOf(':')), l.slice(l.indexOf(':') + 1).trimStart()]),
          );
          if (fields.event === 'change') reader.events.push({ id: fields.id!, data: fields.data! });
          if (fields.event === 'end') reader.ended = JSON.parse(fields.data!);
        }
      }
    } catch {
      // aborted
    }
  })();
  return reader;
}
