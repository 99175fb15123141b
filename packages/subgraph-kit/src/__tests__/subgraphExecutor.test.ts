import { buildSchema } from 'graphql';
import { refuseRequest } from '@civicgraph/errors';
import { clientErrors, createLogger, type SubgraphAnswer } from '@civicgraph/server';
import { createSubgraphExecutor, type CallOutcome } from '../subgraphExecutor';
import { serveSubgraph, type Subgraph } from '../serveSubgraph';

/** A schema with a field that works, one that fails unexpectedly, and one that fails with a coded error. */
function testSchema() {
  const schema = buildSchema('type Query { answer(times: Int): Int  broken: Int  coded: Int }');
  const fields = schema.getQueryType()!.getFields();
  fields.answer!.resolve = (_parent, { times }: { times?: number }) => 42 * (times ?? 1);
  fields.broken!.resolve = () => {
    throw new Error('connection string postgres://secret@db leaked?');
  };
  fields.coded!.resolve = () => {
    throw refuseRequest('TIMEOUT', 'too late', { owner: 'test' });
  };
  return schema;
}

describe('the subgraph executor', () => {
  const delivered: { context: unknown; outcome: CallOutcome }[] = [];
  const execute = createSubgraphExecutor<{ caller: string }>({
    service: 'test',
    schema: testSchema(),
    context: async ({ headers }) => {
      if (headers.authorization !== 'signed') throw refuseRequest('UNAUTHENTICATED', 'not signed');
      return { caller: 'gateway' };
    },
    willExecute: () => {},
    willSend: async (context, answer: SubgraphAnswer, outcome) => {
      delivered.push({ context, outcome });
      return answer;
    },
    errors: clientErrors(createLogger({ name: 'test', level: 'silent' })),
  });
  const call = (body: unknown) => execute({ headers: { authorization: 'signed', 'x-request-id': 'req-1' }, body });

  it('executes a valid call and hands the answer to the step before delivery', async () => {
    const answer = await call({ query: 'query Q($n: Int) { answer(times: $n) }', variables: { n: 2 } });
    expect(answer).toMatchObject({ status: 200, result: { data: { answer: 84 } } });
    expect(answer.headers['x-request-id']).toBe('req-1');
    expect(delivered.at(-1)).toMatchObject({ context: { caller: 'gateway' }, outcome: { requestId: 'req-1', executed: true } });
  });

  it('masks an unexpected error and keeps a coded one, taking its HTTP status', async () => {
    const broken = await call({ query: '{ answer broken }' });
    expect(broken.status).toBe(200);
    expect(broken.result.data).toEqual({ answer: 42, broken: null });
    expect(broken.result.errors).toEqual([
      { message: 'Internal server error', locations: [{ line: 1, column: 10 }], path: ['broken'], extensions: { code: 'INTERNAL_SERVER_ERROR' } },
    ]);
    const coded = await call({ query: '{ coded }' });
    expect(coded.status).toBe(504);
    expect(coded.result.errors?.[0]).toMatchObject({ message: 'too late', extensions: { code: 'TIMEOUT', owner: 'test' } });
    expect(coded.result.errors?.[0]?.extensions).not.toHaveProperty('http');
  });

  it('refuses a caller its context refuses, executing nothing', async () => {
    const answer = await execute({ headers: {}, body: { query: '{ answer }' } });
    expect(answer.status).toBe(401);
    expect(answer.result).toEqual({ errors: [{ message: 'not signed', extensions: { code: 'UNAUTHENTICATED' } }] });
    expect(delivered.at(-1)).toMatchObject({ context: undefined, outcome: { executed: false } });
  });
});

describe('the subgraph HTTP route', () => {
  const subgraph: Subgraph = {
    name: 'test',
    schema: testSchema(),
    start: () => async () => ({ status: 200, headers: { 'x-request-id': 'r' }, result: { data: { answer: 42 } } }),
    checkHealth: async () => {},
    checkReady: async () => {},
  };
  let server: Awaited<ReturnType<typeof serveSubgraph>>;
  beforeAll(async () => {
    server = await serveSubgraph(subgraph, { port: 0, logger: createLogger({ name: 'test', level: 'silent' }) });
  });
  afterAll(() => server.close());

  const post = async (body: string, contentType = 'application/json') => {
    const response = await fetch(`${server.url}/graphql`, { method: 'POST', headers: { 'content-type': contentType }, body });
    return [response.status, ((await response.json()) as { errors?: { extensions: { code: string } }[] }).errors?.[0]?.extensions.code ?? 'data'];
  };

  it('answers JSON posts, and a clear coded refusal to anything else', async () => {
    expect(await post('{"query":"{ answer }"}')).toEqual([200, 'data']);
    expect(await post('{"query":')).toEqual([400, 'BAD_REQUEST']);
    expect(await post('query=%7B%20answer%20%7D', 'application/x-www-form-urlencoded')).toEqual([415, 'BAD_REQUEST']);
    expect(await post('x'.repeat(1024 * 1024 + 1))).toEqual([413, 'BAD_REQUEST']);
    const get = await fetch(`${server.url}/graphql?query=%7B%20answer%20%7D`);
    expect([get.status, get.headers.get('allow')]).toEqual([405, 'POST']);
  });
});
