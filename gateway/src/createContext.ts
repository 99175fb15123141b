import type { Caller, ScenarioDirectory } from './scenarioDirectory';
import {
  FEED_HEADER,
  FeedAssertionError,
  STAFF_HEADER,
  StaffAssertionError,
  SUBJECT_TOKEN_HEADER,
  SubjectTokenError,
  verifySubjectToken,
  type FeedAssertions,
  type StaffAssertions,
  type SubjectTokenVerifier,
} from '@civicgraph/policy';
import { headerOf, headerText, type RequestInfo } from '@civicgraph/server';
import { badUserInputs, refuseRequest } from '@civicgraph/errors';
import type { GraphQLError } from 'graphql';
import type { GatewayContext } from './GatewayContext';
import type { TrafficLimits } from './trafficLimits';
import { MAX_CORRELATION_ID_LENGTH } from './useRequestLog';

/** Longest accepted `X-Use-Reason` (申请事由), in characters. */
export const MAX_USE_REASON_LENGTH = 200;

/** The citizen named by a valid `X-Subject-Token`, or null without one; self-only scenarios require it. */
async function subjectOf(info: RequestInfo, caller: Caller, verifier: SubjectTokenVerifier | undefined): Promise<string | null> {
  const token = headerOf(info, SUBJECT_TOKEN_HEADER)?.trim();
  if (!token) {
    if (caller.scenario.constraints.selfOnly) {
      throw refuseRequest('UNAUTHENTICATED', `Scenario "${caller.scenario.code}" reads only the citizen's own records: send the citizen's X-Subject-Token`);
    }
    return null;
  }
  if (!verifier) throw refuseRequest('UNAUTHENTICATED', 'This gateway accepts no subject tokens: no identity provider is configured');
  try {
    return await verifySubjectToken(token, verifier);
  } catch (error) {
    throw refuseRequest('UNAUTHENTICATED', error instanceof SubjectTokenError ? error.message : 'The subject token is not valid');
  }
}

/** The services in this process whose word on a caller the gateway takes, each with a secret only they share. */
export interface InProcessCallers {
  /** The governance console, naming the person. */
  staff?: StaffAssertions;
  /** The change feeds' dispatcher, naming the subscribing application and scenario. */
  feeds?: FeedAssertions;
}

/**
 * The caller: the application its API key names, or, for the governance console in this process, the
 * console application of the person's role (the console's assertion names the person; no client can).
 */
async function callerOf(directory: ScenarioDirectory, trusted: InProcessCallers, info: RequestInfo, open: boolean): Promise<Caller> {
  const { staff, feeds } = trusted;
  const assertion = headerOf(info, STAFF_HEADER);
  const feedAssertion = headerOf(info, FEED_HEADER);
  if (open) {
    // The open API names no application: a key sent here is a mistake to point out, not a credential to use.
    if (headerOf(info, 'authorization') !== undefined || assertion !== undefined || feedAssertion !== undefined)
      throw refuseRequest('BAD_REQUEST', 'The open API takes no key: send keyed requests to /graphql');
    return directory.openCaller(info.remoteAddress ?? 'in-process');
  }
  if (feedAssertion !== undefined) {
    if (!feeds) throw refuseRequest('UNAUTHENTICATED', 'This gateway serves no change feeds');
    if (headerOf(info, 'authorization') !== undefined || assertion !== undefined)
      throw refuseRequest('UNAUTHENTICATED', 'A change feed request carries no other credential');
    try {
      return await directory.feedCaller(await feeds.verify(feedAssertion));
    } catch (error) {
      if (error instanceof FeedAssertionError) throw refuseRequest('UNAUTHENTICATED', error.message);
      throw error;
    }
  }
  if (assertion === undefined) return directory.authenticate(headerOf(info, 'authorization'), headerOf(info, 'x-scenario'));
  if (!staff) throw refuseRequest('UNAUTHENTICATED', 'This gateway serves no governance console');
  if (headerOf(info, 'authorization') !== undefined) throw refuseRequest('UNAUTHENTICATED', 'A console request carries no API key');
  try {
    return await directory.consoleCaller(await staff.verify(assertion));
  } catch (error) {
    if (error instanceof StaffAssertionError) throw refuseRequest('UNAUTHENTICATED', error.message);
    throw error;
  }
}

/**
 * Authenticates the app, then reads the subject and the use reason. Once the app is known, a refusal (a
 * header that cannot be stored, a missing use reason, a bad subject token) is kept on the context rather
 * than thrown, so the request log records it with who sent it; `refuseUnexecutable` answers it. Traffic
 * limits apply: a source or key that failed to authenticate too often is slowed, and a request over its
 * scenario's rate or row quota is refused (RATE_LIMITED, QUOTA_EXCEEDED).
 */
export async function createContext(
  directory: ScenarioDirectory,
  verifier: SubjectTokenVerifier | undefined,
  trusted: InProcessCallers,
  limits: TrafficLimits,
  timeoutMs: number,
  info: RequestInfo,
  /** A request to the open API (`/open/graphql`): no key, the open scenario, limits per client. */
  open = false,
): Promise<GatewayContext> {
  const authorization = headerOf(info, 'authorization');
  // The stored prefix of the key sent (cg_ and seven more characters), whatever its rest.
  const keyPrefix = /^Bearer\s+(\S{10})/i.exec(authorization?.trim() ?? '')?.[1];
  const slowed = await limits.admitAuthentication(info.remoteAddress, keyPrefix);
  if (slowed) throw slowed;
  let caller: Caller;
  try {
    caller = await callerOf(directory, trusted, info, open);
  } catch (error) {
    if ((error as GraphQLError).extensions?.code === 'UNAUTHENTICATED') await limits.authenticationFailed(info.remoteAddress, keyPrefix);
    throw error;
  }
  const useReason = headerText(headerOf(info, 'x-use-reason'), 'X-Use-Reason', MAX_USE_REASON_LENGTH);
  const correlationId = headerText(info.correlationId, 'X-Request-Id', MAX_CORRELATION_ID_LENGTH);
  const context: GatewayContext = {
    requestId: info.requestId,
    deadline: Date.now() + timeoutMs,
    timeoutMs,
    correlationId: correlationId.value,
    caller,
    useReason: useReason.value,
    subject: null,
    owners: { auditFailed: false },
    rowsEstimated: { rows: 0, searchRows: 0 },
    refusal: undefined,
  };
  const problems = [useReason.problem, correlationId.problem].filter((p) => p !== undefined);
  if (problems.length) context.refusal = refuseRequest('BAD_USER_INPUT', badUserInputs(problems).message, { problems });
  else if (!useReason.value && caller.scenario.useReasonRequired) {
    context.refusal = refuseRequest('FORBIDDEN', `Scenario "${caller.scenario.code}" requires a use reason: send the X-Use-Reason header`);
  } else {
    try {
      context.subject = await subjectOf(info, caller, verifier);
    } catch (refusal) {
      context.refusal = refusal as GraphQLError;
    }
  }
  // Counted only for requests that could run: a refused one costs the application nothing.
  if (!context.refusal) {
    const admitted = await limits.admit(caller);
    context.refusal = admitted.refusal ?? undefined;
    context.rateLimit = admitted.quota;
  }
  return context;
}
