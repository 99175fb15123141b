import type { KeyObject } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { inClientSpan, injectTraceContext, metricsOf } from '@civicgraph/observability';
import type { FetcherResponse } from '@apollo/utils.fetcher';
import type { ScenarioSnapshot } from './scenarioDirectory';
import { CONTEXT_HEADER, DISCLOSED_HEADER, isGrantInForce, signRequestContext, type MaskKind } from '@civicgraph/policy';
import type { GraphQLError } from 'graphql';
import { internalFault, ownerTimeout, relayedError } from '@civicgraph/errors';
import { DEADLINE_HEADER, DeadlineExceeded } from './deadlines';
import type { GatewayContext } from './GatewayContext';

/** The gateway's fetches to its subgraphs, in the gateway's registry. */
const fetchDuration = metricsOf('gateway').subgraphFetchDuration;

type SubgraphRequestContext = Partial<GatewayContext>;

interface SubgraphErrorBody {
  errors?: { message?: unknown; extensions?: Record<string, unknown> }[];
}

/**
 * A subgraph over HTTP. Apollo Server answers invalid input (a malformed scalar literal, a variable of
 * the wrong type) with HTTP 400 and a coded GraphQL error; the stock data source would turn that into a
 * bare "400: Bad Request" carrying the subgraph's URL and body. Here the subgraph's own error — message
 * and code — reaches the client, and nothing about the subgraph's address does.
 */
export class SubgraphDataSource extends RemoteGraphQLDataSource<SubgraphRequestContext> {
  constructor(
    options: ConstructorParameters<typeof RemoteGraphQLDataSource<SubgraphRequestContext>>[0],
    /** The subgraph's name: the audience of the context tokens sent to it. */
    private readonly subgraphName: string,
    private readonly contextKey: KeyObject,
    /** Object types the subgraph defines: the grants it is told about are the ones on these. */
    private readonly typeNames: ReadonlySet<string>,
    /** Coordinates on the negative list: never passed on as granted. */
    private readonly neverGranted: ReadonlySet<string>,
    /** Tells the request log what the owner disclosed (and committed) for the operation a fetch serves. */
    private readonly disclosed: (operation: object, records: number) => void,
  ) {
    super(options);
  }

  /** One fetch: in a client span, timed, its disclosures counted for the operation it serves. */
  override async process(options: GraphQLDataSourceProcessOptions<SubgraphRequestContext>) {
    const started = performance.now();
    let outcome = 'ok';
    try {
      const response = await inClientSpan(`subgraph ${this.subgraphName}`, { 'civicgraph.subgraph': this.subgraphName }, () => super.process(options));
      const disclosed = Number(response.http?.headers.get(DISCLOSED_HEADER) ?? 0);
      // Apollo Server gives each operation of a batch its own copy of the context: that copy is the key.
      if (disclosed && options.context) this.disclosed(options.context, disclosed);
      if (response.errors?.length) outcome = 'errors';
      return response;
    } catch (error) {
      outcome = 'failed';
      if (error instanceof DeadlineExceeded) {
        outcome = 'timeout';
        throw ownerTimeout(this.subgraphName, options.context?.timeoutMs ?? 0);
      }
      // An owner that could not commit what it disclosed answers AUDIT_UNAVAILABLE: the whole response is withheld.
      if ((error as GraphQLError).extensions?.code === 'AUDIT_UNAVAILABLE' && options.context?.owners) options.context.owners.auditFailed = true;
      throw error;
    } finally {
      fetchDuration.observe({ subgraph: this.subgraphName, outcome }, (performance.now() - started) / 1000);
    }
  }

  override async willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<SubgraphRequestContext>) {
    // One request id from the client's call down to every subgraph's log line, and one trace.
    if (context?.requestId) request.http?.headers.set('x-request-id', context.requestId);
    if (context?.deadline) request.http?.headers.set(DEADLINE_HEADER, String(context.deadline));
    if (request.http) injectTraceContext(request.http.headers);
    // Subgraphs trust only this: who asks, under which scenario and grant version, for whom and why.
    if (context?.caller && context.requestId) {
      // One signature per subgraph per request, however many fetches the plan sends it.
      const tokens = (context.contextTokens ??= new Map());
      let token = tokens.get(this.subgraphName);
      if (!token) {
        const { grants, masks } = this.grantsFor(context.caller.scenario);
        token = signRequestContext(
          {
            requestId: context.requestId,
            app: context.caller.applicationId,
            apiKey: context.caller.apiKeyId,
            department: context.caller.departmentCode,
            scenario: context.caller.scenario.code,
            grantVersion: context.caller.scenario.version,
            subject: context.subject ?? null,
            useReason: context.useReason ?? null,
            grants,
            masks,
            constraints: context.caller.scenario.constraints,
          },
          this.contextKey,
          { audience: this.subgraphName },
        );
        tokens.set(this.subgraphName, token);
      }
      request.http?.headers.set(CONTEXT_HEADER, await token);
    }
  }

  /** The scenario's grants this subgraph is told about, worked out once per scenario snapshot (until a grant in it expires). */
  private readonly grantsBySnapshot = new WeakMap<ScenarioSnapshot, { grants: string[]; masks: Record<string, MaskKind>; validUntil: number }>();

  private grantsFor(scenario: ScenarioSnapshot): { grants: string[]; masks: Record<string, MaskKind> } {
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

  override async errorFromResponse(response: FetcherResponse): Promise<GraphQLError> {
    let body: SubgraphErrorBody | undefined;
    try {
      body = (await this.parseBody(response)) as SubgraphErrorBody;
    } catch {
      body = undefined;
    }
    const first = body?.errors?.[0];
    if (first && typeof first.message === 'string' && typeof first.extensions?.code === 'string') {
      return relayedError(first.message, first.extensions);
    }
    return internalFault(`subgraph ${this.url} answered HTTP ${response.status}`);
  }
}
