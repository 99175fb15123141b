import type { KeyObject } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { GraphQLDataSource, GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { inClientSpan, metricsOf } from '@civicgraph/observability';
import type { ScenarioSnapshot } from './scenarioDirectory';
import {
  BINDING_HEADER,
  CONTEXT_HEADER,
  DISCLOSED_HEADER,
  bindContext,
  contextBindingKey,
  isGrantInForce,
  signSharedContext,
  type MaskKind,
  type SignedContext,
} from '@civicgraph/policy';
import { GraphQLError, parse, type DocumentNode } from 'graphql';
import { internalFault, ownerTimeout, ownerUnavailable, relayedError } from '@civicgraph/errors';
import { DeadlineExceeded, within } from './deadlines';
import type { SubgraphReply, SubgraphTransport } from './subgraphTransports';
import type { GatewayContext } from './GatewayContext';
import { BreakerOpen, type OwnerBreakers } from './ownerBreakers';
import { locatedAtOwnerFields } from './ownerFaults';
import { boundedCache } from './boundedCache';
import type { Logger } from '@civicgraph/server';

/** The gateway's fetches to its subgraphs, in the gateway's registry. */
const fetchDuration = metricsOf('gateway').subgraphFetchDuration;

type SubgraphRequestContext = Partial<GatewayContext>;

/** What the query plan reads of a fetch's answer. */
type GatewayResponse = Awaited<ReturnType<GraphQLDataSource['process']>>;

interface SubgraphErrorBody {
  errors?: { message?: unknown; extensions?: Record<string, unknown> }[];
}

const codeOf = (error: unknown) => (error instanceof GraphQLError ? error.extensions?.code : undefined);

/**
 * Whether a failed fetch says the owner is out (counted by its circuit breaker): cut off at the deadline,
 * unreachable (any failure that is not a GraphQL answer), answering 5xx without a code, or unable to commit
 * its disclosures. A coded answer to the request itself (a bad argument, not found) is not.
 */
export function isOwnerOutage(error: unknown): boolean {
  if (error instanceof DeadlineExceeded || error instanceof BreakerOpen) return true;
  if (!(error instanceof GraphQLError)) return true;
  const code = codeOf(error);
  return code === 'OWNER_UNAVAILABLE' || code === 'AUDIT_UNAVAILABLE';
}

/** How long a signed context is reused at most, and how much life it must have left to go out. */
const SHARED_CONTEXT_TTL_SECONDS = 60;
const SHARED_CONTEXT_RENEW_MS = 10_000;
/** Signed contexts kept per scenario snapshot (one per caller, subject and use reason), oldest out first. */
const SHARED_CONTEXTS_PER_SNAPSHOT = 1_000;

/** Fetch documents by text, parsed only when a fetch failed and its errors must be located. */
const fetchDocuments = boundedCache<DocumentNode>(256);

/**
 * One subgraph as the query plan's fetches reach it: over HTTP or in this process (the transport), with the
 * signed context bound to the request, the request's deadline, the owner's circuit breaker and a client
 * span around each fetch. A subgraph's coded error — message and code — reaches the client (where the stock
 * data source would turn an HTTP 400 into a bare "400: Bad Request" with the subgraph's URL and body), and
 * nothing about the subgraph's address does.
 */
export class SubgraphDataSource implements GraphQLDataSource<SubgraphRequestContext> {
  constructor(
    /** Where the subgraph answers (for logs and errors; the transport knows how to reach it). */
    private readonly url: string,
    private readonly transport: SubgraphTransport,
    /** The subgraph's name: the audience of the context tokens sent to it. */
    private readonly subgraphName: string,
    private readonly contextKey: KeyObject,
    /** Object types the subgraph defines: the grants it is told about are the ones on these. */
    private readonly typeNames: ReadonlySet<string>,
    /** Coordinates on the negative list: never passed on as granted. */
    private readonly neverGranted: ReadonlySet<string>,
    /** Tells the request log what the owner disclosed (and committed) for the operation a fetch serves. */
    private readonly disclosed: (operation: object, records: number) => void,
    /** The owners' circuit breakers. */
    private readonly breakers: OwnerBreakers,
    private readonly logger: Logger,
  ) {
    this.bindingKey = contextBindingKey(contextKey, subgraphName);
  }

  /** The secret this subgraph checks each request's binding with (derived from the signing key). */
  private readonly bindingKey: Buffer;

  /**
   * One fetch: in a client span, through the owner's circuit breaker, timed, its disclosures counted for the
   * operation it serves. An owner that is out answers nothing: its fields are null, each with a located
   * TIMEOUT or OWNER_UNAVAILABLE error, and the rest of the response is delivered.
   */
  async process(options: GraphQLDataSourceProcessOptions<SubgraphRequestContext>) {
    const started = performance.now();
    let outcome = 'ok';
    try {
      const reply = await inClientSpan(`subgraph ${this.subgraphName}`, { 'civicgraph.subgraph': this.subgraphName }, () =>
        this.breakers.guard(this.subgraphName, () => this.send(options)),
      );
      const disclosed = Number(reply.header(DISCLOSED_HEADER) ?? 0);
      // Apollo Server gives each operation of a batch its own copy of the context: that copy is the key.
      if (disclosed && options.context) this.disclosed(options.context, disclosed);
      const response = reply.body as GatewayResponse;
      if (response.errors?.length) outcome = 'errors';
      return response;
    } catch (error) {
      outcome = error instanceof DeadlineExceeded ? 'timeout' : error instanceof BreakerOpen ? 'breaker_open' : 'failed';
      // An owner that could not commit what it disclosed answers AUDIT_UNAVAILABLE: the whole response is withheld.
      if (codeOf(error) === 'AUDIT_UNAVAILABLE') {
        if (options.context?.owners) options.context.owners.auditFailed = true;
        throw error;
      }
      const fault = this.faultOf(error, options.context);
      if (!fault) throw error;
      if (!(error instanceof BreakerOpen))
        this.logger.warn({ err: error, requestId: options.context?.requestId, subgraph: this.subgraphName }, 'owner unavailable');
      const { query, variables } = options.request;
      const document = ('document' in options ? options.document : undefined) ?? (query ? fetchDocuments(query, () => parse(query)) : undefined);
      return { errors: locatedAtOwnerFields(fault, document, variables) };
    } finally {
      fetchDuration.observe({ subgraph: this.subgraphName, outcome }, (performance.now() - started) / 1000);
    }
  }

  /** The coded error a client sees at the owner's fields when it is out; undefined when the failure is not an outage. */
  private faultOf(error: unknown, context: SubgraphRequestContext | undefined): GraphQLError | undefined {
    if (error instanceof DeadlineExceeded) return ownerTimeout(this.subgraphName, context?.timeoutMs ?? 0);
    if (!isOwnerOutage(error)) return undefined;
    return ownerUnavailable(this.subgraphName, this.breakers.retryAfterSeconds);
  }

  /** One fetch, cut off at the request's deadline; anything but a 2xx JSON object is an error. */
  private async send({ request, context }: GraphQLDataSourceProcessOptions<SubgraphRequestContext>): Promise<SubgraphReply> {
    if (!request.query) throw new Error('Missing query');
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    // One request id from the client's call down to every subgraph's log line (the trace travels in the
    // `traceparent` the HTTP client instrumentation adds to the fetch, or in the process's own context).
    if (context?.requestId) headers['x-request-id'] = context.requestId;
    // Subgraphs trust only this: who asks, under which scenario and grant version, for whom and why — signed
    // once and reused while valid — bound to this request's id and deadline.
    if (context?.caller && context.requestId) {
      const signed = this.sharedContextFor(context as GatewayContext);
      headers[CONTEXT_HEADER] = signed.token;
      headers[BINDING_HEADER] = bindContext(signed, { requestId: context.requestId, deadline: context.deadline }, this.bindingKey);
    }
    const body = { query: request.query, variables: request.variables, operationName: request.operationName };
    const remaining = context?.deadline ? context.deadline - Date.now() : undefined;
    const reply =
      remaining === undefined
        ? await this.transport({ headers, body })
        : await within(remaining, this.url, (signal) => this.transport({ headers, body, signal }));
    if (reply.status < 200 || reply.status >= 300) throw this.errorFrom(reply);
    if (!reply.body || typeof reply.body !== 'object' || Array.isArray(reply.body)) throw new Error(`${this.url} answered something other than a JSON object`);
    return reply;
  }

  /**
   * Signed contexts by scenario snapshot (a new snapshot, read after a change, signs anew), then by caller:
   * application, key, subject and use reason. Each lives a minute at most, and never past a grant's expiry.
   */
  private readonly sharedContexts = new WeakMap<ScenarioSnapshot, Map<string, SignedContext>>();

  private sharedContextFor(context: GatewayContext): SignedContext {
    const { caller } = context;
    const scenario = caller.scenario;
    let byCaller = this.sharedContexts.get(scenario);
    if (!byCaller) this.sharedContexts.set(scenario, (byCaller = new Map()));
    const key = JSON.stringify([
      caller.applicationId,
      caller.apiKeyId,
      caller.departmentCode,
      caller.person ?? null,
      context.subject ?? null,
      context.useReason ?? null,
    ]);
    const now = Date.now();
    const cached = byCaller.get(key);
    // Renewed with some life left, so a fetch never leaves with a context that expires on the way.
    if (cached && cached.expiresAt - now > SHARED_CONTEXT_RENEW_MS) return cached;
    const { grants, masks, validUntil } = this.grantsFor(scenario);
    const ttlSeconds = Math.max(1, Math.min(SHARED_CONTEXT_TTL_SECONDS, Math.floor((validUntil - now) / 1000)));
    const signed = signSharedContext(
      {
        app: caller.applicationId,
        apiKey: caller.apiKeyId ?? undefined,
        person: caller.person ?? null,
        department: caller.departmentCode,
        scenario: scenario.code,
        grantVersion: scenario.version,
        subject: context.subject ?? null,
        useReason: context.useReason ?? null,
        grants,
        masks,
        constraints: scenario.constraints,
      },
      this.contextKey,
      { audience: this.subgraphName, ttlSeconds },
    );
    byCaller.delete(key);
    if (byCaller.size >= SHARED_CONTEXTS_PER_SNAPSHOT) byCaller.delete(byCaller.keys().next().value!);
    byCaller.set(key, signed);
    return signed;
  }

  /** The scenario's grants this subgraph is told about, worked out once per scenario snapshot (until a grant in it expires). */
  private readonly grantsBySnapshot = new WeakMap<ScenarioSnapshot, { grants: string[]; masks: Record<string, MaskKind>; validUntil: number }>();

  private grantsFor(scenario: ScenarioSnapshot): { grants: string[]; masks: Record<string, MaskKind>; validUntil: number } {
    const now = Date.now();
    const cached = this.grantsBySnapshot.get(scenario);
    if (cached && now < cached.validUntil) return cached;
    const at = new Date(now);
    const grants: string[] = [];
    const masks: Record<string, MaskKind> = {};
    let validUntil = Infinity;
    for (const grant of scenario.grants.values()) {
      if (!this.typeNames.has(grant.coordinate.split('.')[0]!) || !isGrantInForce(grant, at, this.neverGranted)) continue;
      grants.push(grant.coordinate);
      if (grant.mask) masks[grant.coordinate] = grant.mask;
      if (grant.expiresAt) validUntil = Math.min(validUntil, grant.expiresAt.getTime());
    }
    const entry = { grants, masks, validUntil };
    this.grantsBySnapshot.set(scenario, entry);
    return entry;
  }

  private errorFrom(reply: SubgraphReply): GraphQLError {
    const first = (reply.body as SubgraphErrorBody | undefined)?.errors?.[0];
    if (first && typeof first.message === 'string' && typeof first.extensions?.code === 'string') {
      return relayedError(first.message, first.extensions);
    }
    // An owner answering 5xx without a coded error (a proxy in front of it, a crash) is out, not buggy.
    if (reply.status >= 500) return ownerUnavailable(this.subgraphName, this.breakers.retryAfterSeconds);
    return internalFault(`subgraph ${this.url} answered HTTP ${reply.status}`);
  }
}
