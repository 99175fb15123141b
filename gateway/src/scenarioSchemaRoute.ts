import type { IncomingMessage, ServerResponse } from 'node:http';
import { GraphQLError } from 'graphql';
import { refuseRequest } from '@civicgraph/errors';
import { describeScenarioSchema, type FieldCatalog } from '@civicgraph/policy';
import { apiSchema } from '@civicgraph/schema';
import type { RouteHandler } from '@civicgraph/server';
import { keyedCaller, refuseJson as refuse } from './routeCallers';
import type { ScenarioDirectory, ScenarioSnapshot } from './scenarioDirectory';
import type { TrafficLimits } from './trafficLimits';

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
    const caller = await keyedCaller(req, directory, traffic);
    if (caller instanceof GraphQLError) return refuse(res, caller);
    sendSchema(res, caller.scenario);
  };

  function sendSchema(res: ServerResponse, scenario: ScenarioSnapshot) {
    const sdl = describeScenarioSchema(api, { ...scenario, grants: scenario.grants.values() }, catalogOf, neverGranted);
    if (!sdl) return refuse(res, refuseRequest('FORBIDDEN', `Scenario "${scenario.code}" is granted nothing it could query`));
    res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' });
    res.end(sdl);
  }
}
