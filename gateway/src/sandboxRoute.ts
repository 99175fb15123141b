import { randomInt } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { addMocksToSchema, type IMocks } from '@graphql-tools/mock';
import { execute, GraphQLError, parse, validate, type DocumentNode, type GraphQLSchema } from 'graphql';
import { refuseRequest } from '@civicgraph/errors';
import { makeIdNumber, makeUscc } from '@civicgraph/identifiers';
import { scopedSchema } from '@civicgraph/policy';
import { apiSchema, catalogItems } from '@civicgraph/schema';
import { readBody, sendJson, type Logger, type RouteHandler } from '@civicgraph/server';
import { keyedCaller, refuseJson } from './routeCallers';
import type { ScenarioDirectory } from './scenarioDirectory';
import type { TrafficLimits } from './trafficLimits';

const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周'];
const GIVEN = ['伟', '芳', '娜', '敏', '静', '磊', '洋', '艳', '勇', '军', '杰', '娟'];
const DISTRICTS: [string, string][] = [
  ['310101', '黄浦区'],
  ['310104', '徐汇区'],
  ['310115', '浦东新区'],
  ['310112', '闵行区'],
];
const pick = <T>(list: readonly T[]): T => list[randomInt(list.length)]!;
const digits = (n: number) => Array.from({ length: n }, () => randomInt(10)).join('');

/** Dummy values shaped like the real ones: valid ID numbers and credit codes, Shanghai divisions, Chinese names. */
const MOCKS: IMocks = {
  Date: () => `19${50 + randomInt(50)}-0${1 + randomInt(9)}-1${randomInt(9)}`,
  DateTime: () => new Date(Date.UTC(2026, randomInt(12), 1 + randomInt(28))).toISOString(),
  Decimal: () => `${1 + randomInt(1000)}0000.00`,
  Person: () => {
    const [district] = pick(DISTRICTS);
    return {
      idNumber: makeIdNumber(district, `19${60 + randomInt(40)}-0${1 + randomInt(9)}-1${randomInt(9)}`, randomInt(1000)),
      name: pick(SURNAMES) + pick(GIVEN) + (randomInt(2) ? pick(GIVEN) : ''),
      phone: `13${digits(9)}`,
    };
  },
  LegalEntity: () => ({ uscc: makeUscc('9', '1', '310000', digits(8)), name: `上海${pick(GIVEN)}${pick(GIVEN)}科技有限公司` }),
  Division: () => {
    const [code, name] = pick(DISTRICTS);
    return { code, name, fullName: `上海市${name}` };
  },
};

const refuse = (res: ServerResponse, error: GraphQLError) => refuseJson(res, error, 400);

/**
 * The schema the sandbox answers with dummy data: every data item of the API except the negative list and
 * the governance API (which is not data), queries only.
 */
export function sandboxSchema(supergraphSdl: string): GraphQLSchema {
  const mockable = new Set(
    catalogItems()
      .filter((i) => i.sharing !== 'NONE' && i.database !== 'governance' && i.typeName !== 'Mutation')
      .map((i) => i.coordinate),
  );
  const scoped = scopedSchema(apiSchema(supergraphSdl), (coordinate) => mockable.has(coordinate))!;
  return addMocksToSchema({ schema: scoped, mocks: MOCKS });
}

/**
 * `POST /sandbox/graphql` with an application's key (数据沙箱): the API's shape filled with dummy data generated
 * from the schema, so a developer can write and test queries over records they may only ever read as
 * aggregates. Nothing is read from any owner, so nothing is disclosed; the key is checked (failed attempts
 * counted like `/graphql`'s) and each request is in the access log.
 */
export function sandboxRoute(supergraphSdl: string, directory: ScenarioDirectory, traffic: TrafficLimits, logger: Logger): RouteHandler {
  let schema: GraphQLSchema | undefined;
  return async (req: IncomingMessage, res: ServerResponse) => {
    if (req.method !== 'POST') return refuse(res, refuseRequest('BAD_REQUEST', 'POST /sandbox/graphql with the API key and a JSON body'));
    const caller = await keyedCaller(req, directory, traffic);
    if (caller instanceof GraphQLError) return refuse(res, caller);
    const text = await readBody(req, 1024 * 1024);
    if (text === null) return refuse(res, refuseRequest('BAD_REQUEST', 'Request body is larger than 1048576 bytes'));
    let body: { query?: unknown; variables?: unknown; operationName?: unknown };
    try {
      body = JSON.parse(text) as typeof body;
    } catch {
      return refuse(res, refuseRequest('BAD_REQUEST', 'Request body is not valid JSON'));
    }
    if (typeof body?.query !== 'string') return refuse(res, refuseRequest('BAD_REQUEST', 'Send {"query": "…"}'));
    let document: DocumentNode;
    try {
      document = parse(body.query, { maxTokens: 5_000 });
    } catch (error) {
      return sendJson(res, 400, { errors: [{ message: (error as GraphQLError).message, extensions: { code: 'GRAPHQL_PARSE_FAILED' } }] });
    }
    schema ??= sandboxSchema(supergraphSdl);
    const invalid = validate(schema, document);
    if (invalid.length) {
      return sendJson(res, 400, {
        errors: invalid.map((e) => ({ message: e.message, locations: e.locations, extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } })),
      });
    }
    const result = await execute({
      schema,
      document,
      variableValues: body.variables && typeof body.variables === 'object' ? (body.variables as Record<string, unknown>) : undefined,
      operationName: typeof body.operationName === 'string' ? body.operationName : undefined,
    });
    logger.info({ application: caller.applicationId, scenario: caller.scenario.code, sandbox: true }, 'sandbox request');
    sendJson(
      res,
      200,
      { ...result, extensions: { sandbox: 'Dummy data generated from the schema: no record is real.' } },
      { 'x-civicgraph-sandbox': 'dummy-data' },
    );
  };
}
