import type { IncomingMessage, ServerResponse } from 'node:http';
import { GraphQLError } from 'graphql';
import { sendJson } from '@civicgraph/server';
import type { Caller, ScenarioDirectory } from './scenarioDirectory';
import type { TrafficLimits } from './trafficLimits';

const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

/** A coded refusal as a JSON answer, with the status its error names (500 when it names none). */
export function refuseJson(res: ServerResponse, error: GraphQLError, fallbackStatus = 500): void {
  const status = (error.extensions.http as { status?: number } | undefined)?.status ?? fallbackStatus;
  sendJson(res, status, { errors: [{ message: error.message, extensions: { code: error.extensions.code } }] });
}

/**
 * The caller of a route beside `/graphql` that takes the application's key (`Authorization`, `X-Scenario`),
 * authenticated like `/graphql`: a source or key prefix that failed too often is slowed, and a failure counts.
 * A refusal is returned, not thrown, for the route to answer.
 */
export async function keyedCaller(req: IncomingMessage, directory: ScenarioDirectory, traffic: TrafficLimits): Promise<Caller | GraphQLError> {
  const authorization = first(req.headers.authorization);
  const keyPrefix = /^Bearer\s+(\S{10})/i.exec(authorization?.trim() ?? '')?.[1];
  const slowed = await traffic.admitAuthentication(req.socket.remoteAddress, keyPrefix);
  if (slowed) return slowed;
  try {
    return await directory.authenticate(authorization, first(req.headers['x-scenario']));
  } catch (error) {
    if (!(error instanceof GraphQLError)) throw error;
    if (error.extensions.code === 'UNAUTHENTICATED') await traffic.authenticationFailed(req.socket.remoteAddress, keyPrefix);
    return error;
  }
}
