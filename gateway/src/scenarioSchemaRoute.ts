import type { IncomingMessage, ServerResponse } from 'node:http';
import { GraphQLError } from 'graphql';
import { refuseRequest } from '@civicgraph/errors';
import { describeScenarioSchema, type FieldCatalog } from '@civicgraph/policy';
import { apiSchema } from '@civicgraph/schema';
import { sendJson, type RouteHandler } from '@civicgraph/server';
import type { ScenarioDirectory, ScenarioSnapshot } from './scenarioDirectory';
import type { TrafficLimits } from './trafficLimits';

const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

function refuse(res: ServerResponse, error: GraphQLError) {
  const status = (error.extensions.http as { status?: number } | undefined)?.status ?? 500;
  sendJson(res, status, { errors: [{ message: error.message, extensions: { code: error.extensions.code } }] });
}

/**
 * `GET /schema.graphql` with the application's key: its scenario's contract as SDL — the fields it holds a
 * grant in force for, each described with its mask, expiry, owner and sharing attribute — for GraphQL Code
 * Generator and IDEs. Authenticated like `/graphql`, failed attempts counted alike.
 */
export function scenarioSchemaRoute(
  supergraphSdl: string,
  directory: ScenarioDirectory,
  traffic: TrafficLimits,
  neverGranted: ReadonlySet<string>,
  catalogOf: (coordinate: string) => FieldCatalog | undefined,
  /** `GET /open/schema.graphql`: the open scenario's contract, without a key. */
  open = false,
): RouteHandler {
  const api = apiSchema(supergraphSdl);
  return async (req: IncomingMessage, res: ServerResponse) => {
    if (req.method !== 'GET') return refuse(res, refuseRequest('BAD_REQUEST', open ? 'GET /open/schema.graphql' : 'GET /schema.graphql with the API key'));
    if (open) {
      try {
        return sendSchema(res, (await directory.openCaller(req.socket.remoteAddress ?? 'in-process')).scenario);
      } catch (error) {
        if (!(error instanceof GraphQLError)) throw error;
        return refuse(res, error);
      }
    }
    const authorization = first(req.headers.authorization);
    const keyPrefix = /^Bearer\s+(\S{10})/i.exec(authorization?.trim() ?? '')?.[1];
    const slowed = await traffic.admitAuthentication(req.socket.remoteAddress, keyPrefix);
    if (slowed) return refuse(res, slowed);
    let scenario;
    try {
      scenario = (await directory.authenticate(authorization, first(req.headers['x-scenario']))).scenario;
    } catch (error) {
      if (!(error instanceof GraphQLError)) throw error;
      if (error.extensions.code === 'UNAUTHENTICATED') await traffic.authenticationFailed(req.socket.remoteAddress, keyPrefix);
      return refuse(res, error);
    }
    sendSchema(res, scenario);
  };

  function sendSchema(res: ServerResponse, scenario: ScenarioSnapshot) {
    const sdl = describeScenarioSchema(api, { ...scenario, grants: scenario.grants.values() }, catalogOf, neverGranted);
    if (!sdl) return refuse(res, refuseRequest('FORBIDDEN', `Scenario "${scenario.code}" is granted nothing it could query`));
    res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' });
    res.end(sdl);
  }
}
