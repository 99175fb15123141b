import { OWNER_RETRY_AFTER_SECONDS, refuseRequest } from '@civicgraph/errors';
import type { Mask, PrismaClient, ScenarioStatus } from '@civicgraph/prisma/governance';
import { readCatalog, readSupergraphSdl, unconditionallyOpen } from '@civicgraph/schema';
import {
  CONSOLE_SCENARIOS,
  consoleApplicationId,
  hashApiKey,
  isGrantInForce,
  OPEN_APPLICATION_ID,
  OPEN_SCENARIO,
  parseRowConstraints,
  type RowConstraints,
  type FeedClaims,
  type StaffClaims,
} from '@civicgraph/policy';

export interface ScenarioGrant {
  coordinate: string;
  mask: Mask | null;
  expiresAt: Date | null;
}

/** A scenario as the gateway decides with it: one version, its grants by coordinate. */
export interface ScenarioSnapshot {
  code: string;
  name: string;
  version: number;
  status: ScenarioStatus;
  validFrom: Date;
  validUntil: Date | null;
  useReasonRequired: boolean;
  /** Requests per second (with a burst) and rows per 24 hours per application; null: none (see trafficLimits). */
  traffic: { requestsPerSecond: number | null; burst: number | null; rowsPerDay: number | null };
  /** Only registered operations may be sent (see useRegisteredOperations). */
  registeredOperationsOnly: boolean;
  /** Registered operations: document text by id (SHA-256 of the text, hex). */
  operations: ReadonlyMap<string, string>;
  constraints: RowConstraints;
  grants: ReadonlyMap<string, ScenarioGrant>;
}

/** The authenticated caller: an application acting under one of its scenarios. */
export interface Caller {
  applicationId: string;
  /** The API key this call was made with (its id, never the secret); null for the console, which calls with none. */
  apiKeyId: string | null;
  applicationName: string;
  departmentCode: string;
  scenario: ScenarioSnapshot;
  /** The staff member (username) behind a governance console request; absent for applications' own requests. */
  person?: string;
  /** The anonymous client (its address) behind an open-API request; absent for everyone else. Traffic limits count per client. */
  client?: string;
}

/** The console roles' own scenarios (administrators' is the admin scenario, which keys may use). */
const CONSOLE_ONLY: ReadonlySet<string> = new Set(Object.values(CONSOLE_SCENARIOS).filter((code) => code !== CONSOLE_SCENARIOS.ADMIN));

/** How long the gateway reuses key and scenario lookups by default: changes apply within this (the promise is 5 s). */
export const DEFAULT_DIRECTORY_CACHE_MS = 2_000;

/** How long the last keys and scenarios read are served while the governance database cannot answer, by default. */
export const DEFAULT_STALE_IF_ERROR_MS = 30_000;

export interface ScenarioDirectoryOptions {
  /** How long key and scenario lookups are reused, ms. Grant changes and revocations take effect within it. Default 2,000. */
  cacheMs?: number;
  /**
   * How long the last lookup of a key or scenario is served while the governance database cannot answer, ms
   * (a key revoked just before an outage works that much longer). Default 30,000.
   */
  staleIfErrorMs?: number;
  /** Clock, for tests. */
  now?: () => Date;
  /**
   * What the open scenario may ever serve, whatever its grant rows say: by default the committed catalog's
   * unconditionally open items.
   */
  openable?: ReadonlySet<string>;
}

interface KeyEntry {
  apiKeyId: string;
  applicationId: string;
  applicationName: string;
  departmentCode: string;
  scenarioCodes: string[];
}

/**
 * Reuses a lookup's promise for `ttlMs` (concurrent requests share one query); a failed lookup is
 * forgotten at once, so a database hiccup is not cached. While the database cannot answer, the last value
 * read is served for up to `staleIfErrorMs` (the applications known before an outage keep working; nothing
 * could change in the meantime, changes are written to the same database). At most `maxEntries` are kept,
 * oldest out first, so a flood of made-up keys cannot grow the cache without bound.
 */
function cachedFor<T>(ttlMs: number, staleIfErrorMs: number, load: (key: string) => Promise<T>, maxEntries = 10_000): (key: string) => Promise<T> {
  const entries = new Map<string, { at: number; value: Promise<T> }>();
  const lastRead = new Map<string, { at: number; value: T }>();
  return (key) => {
    const hit = entries.get(key);
    if (hit && Date.now() - hit.at < ttlMs) return hit.value;
    const value = load(key).then(
      (read) => {
        lastRead.delete(key);
        if (lastRead.size >= maxEntries) lastRead.delete(lastRead.keys().next().value!);
        lastRead.set(key, { at: Date.now(), value: read });
        return read;
      },
      (error: unknown) => {
        const last = lastRead.get(key);
        if (last && Date.now() - last.at < staleIfErrorMs) return last.value;
        throw error;
      },
    );
    entries.delete(key);
    if (entries.size >= maxEntries) entries.delete(entries.keys().next().value!);
    entries.set(key, { at: Date.now(), value });
    value.catch(() => entries.delete(key));
    return value;
  };
}

/**
 * A lookup the governance database could not answer (and no last read serves): a coded, retryable refusal
 * naming the owner, for every caller of the directory alike, rather than a driver's error.
 */
function orRefusal<T>(load: (key: string) => Promise<T>): (key: string) => Promise<T> {
  return async (key) => {
    try {
      return await load(key);
    } catch {
      // The driver's error names hosts and statements: it goes to no client.
      throw refuseRequest('OWNER_UNAVAILABLE', 'The scenario directory cannot be read now', { owner: 'governance', retryAfter: OWNER_RETRY_AFTER_SECONDS });
    }
  };
}

/**
 * Resolves API keys to applications and scenarios from the governance database. Lookups are cached for
 * `cacheMs`, so the hot path costs no query and a change made by an admin is in force within that time,
 * without a restart.
 */
export function createScenarioDirectory(prisma: PrismaClient, options: ScenarioDirectoryOptions = {}) {
  const cacheMs = options.cacheMs ?? DEFAULT_DIRECTORY_CACHE_MS;
  const now = options.now ?? (() => new Date());
  const openable = options.openable ?? unconditionallyOpen(readCatalog(readSupergraphSdl()));

  async function loadKey(hash: string): Promise<KeyEntry | null> {
    const key = await prisma.apiKey.findUnique({
      where: { hash },
      include: { application: { include: { scenarios: { select: { scenarioCode: true }, orderBy: { scenarioCode: 'asc' } } } } },
    });
    if (!key || key.revokedAt) return null;
    return {
      apiKeyId: key.id,
      applicationId: key.application.id,
      applicationName: key.application.name,
      departmentCode: key.application.departmentCode,
      scenarioCodes: key.application.scenarios.map((s) => s.scenarioCode),
    };
  }

  // Registered documents change only with the scenario's version: read again only when it moves.
  const operationsByScenario = new Map<string, { version: number; operations: ReadonlyMap<string, string> }>();
  async function operationsOf(code: string, version: number): Promise<ReadonlyMap<string, string>> {
    const known = operationsByScenario.get(code);
    if (known?.version === version) return known.operations;
    const rows = await prisma.registeredOperation.findMany({ where: { scenarioCode: code }, select: { id: true, document: true } });
    const operations = new Map(rows.map((o) => [o.id, o.document]));
    operationsByScenario.set(code, { version, operations });
    return operations;
  }

  async function loadScenario(code: string): Promise<ScenarioSnapshot | null> {
    const scenario = await prisma.scenario.findUnique({ where: { code }, include: { grants: true, department: true } });
    if (!scenario) return null;
    return {
      code: scenario.code,
      name: scenario.name,
      version: scenario.version,
      status: scenario.status,
      validFrom: scenario.validFrom,
      validUntil: scenario.validUntil,
      useReasonRequired: scenario.useReasonRequired,
      // A scenario's own limits, else its department's defaults (a rate and its burst go together).
      traffic: {
        ...(scenario.requestsPerSecond !== null
          ? { requestsPerSecond: scenario.requestsPerSecond, burst: scenario.burst }
          : { requestsPerSecond: scenario.department.requestsPerSecond, burst: scenario.department.burst }),
        rowsPerDay: scenario.rowsPerDay ?? scenario.department.rowsPerDay,
      },
      registeredOperationsOnly: scenario.registeredOperationsOnly,
      operations: await operationsOf(scenario.code, scenario.version),
      constraints: parseRowConstraints(scenario.constraints ?? {}),
      grants: new Map(
        scenario.grants
          // The open scenario serves the catalog's open items only: a grant row beyond them is never in force.
          .filter((g) => scenario.code !== OPEN_SCENARIO || openable.has(g.coordinate))
          .map((g) => [g.coordinate, { coordinate: g.coordinate, mask: g.mask, expiresAt: g.expiresAt }]),
      ),
    };
  }

  async function loadKeylessApplication(id: string): Promise<Omit<KeyEntry, 'apiKeyId'> | null> {
    const application = await prisma.application.findUnique({
      where: { id },
      include: { scenarios: { select: { scenarioCode: true }, orderBy: { scenarioCode: 'asc' } } },
    });
    if (!application) return null;
    return {
      applicationId: application.id,
      applicationName: application.name,
      departmentCode: application.departmentCode,
      scenarioCodes: application.scenarios.map((s) => s.scenarioCode),
    };
  }

  const staleIfErrorMs = options.staleIfErrorMs ?? DEFAULT_STALE_IF_ERROR_MS;
  const keyEntry = cachedFor(cacheMs, staleIfErrorMs, orRefusal(loadKey));
  const scenario = cachedFor(cacheMs, staleIfErrorMs, orRefusal(loadScenario));
  const keylessApplication = cachedFor(cacheMs, staleIfErrorMs, orRefusal(loadKeylessApplication));

  /** The scenario's snapshot, or FORBIDDEN when it does not exist, is suspended, or is not valid now. */
  async function scenarioInForce(code: string): Promise<ScenarioSnapshot> {
    const snapshot = await scenario(code);
    if (!snapshot) throw refuseRequest('FORBIDDEN', `Scenario "${code}" does not exist`);
    const at = now();
    if (snapshot.status !== 'ACTIVE') throw refuseRequest('FORBIDDEN', `Scenario "${code}" is suspended`);
    if (snapshot.validFrom > at) throw refuseRequest('FORBIDDEN', `Scenario "${code}" is not valid before ${snapshot.validFrom.toISOString()}`);
    if (snapshot.validUntil && snapshot.validUntil <= at)
      throw refuseRequest('FORBIDDEN', `Scenario "${code}" expired at ${snapshot.validUntil.toISOString()}`);
    return snapshot;
  }

  return {
    /**
     * `Authorization: Bearer <key>` and the optional `X-Scenario` header to the caller, or a coded refusal:
     * UNAUTHENTICATED for a missing, unknown or revoked key; FORBIDDEN for a scenario the app is not bound
     * to, suspended, not yet valid or expired; BAD_REQUEST when an app with several scenarios names none.
     */
    async authenticate(authorization: string | undefined, scenarioHeader: string | undefined): Promise<Caller> {
      const match = /^Bearer\s+(\S+)$/i.exec(authorization?.trim() ?? '');
      if (!match) throw refuseRequest('UNAUTHENTICATED', 'Send the application\'s API key as "Authorization: Bearer <key>"');
      const entry = await keyEntry(hashApiKey(match[1]!));
      if (!entry) throw refuseRequest('UNAUTHENTICATED', 'The API key is unknown or has been revoked');
      let code = scenarioHeader?.trim();
      if (!code) {
        if (entry.scenarioCodes.length === 0) throw refuseRequest('FORBIDDEN', 'The application is bound to no scenario');
        if (entry.scenarioCodes.length > 1) {
          throw refuseRequest(
            'BAD_REQUEST',
            `The application is bound to several scenarios (${entry.scenarioCodes.join(', ')}): name one with the X-Scenario header`,
          );
        }
        code = entry.scenarioCodes[0]!;
      } else if (!entry.scenarioCodes.includes(code)) {
        throw refuseRequest('FORBIDDEN', `The application is not bound to scenario "${code}"`);
      }
      // The console's roles act only through the console, which names the person: never with a key.
      if (CONSOLE_ONLY.has(code)) throw refuseRequest('FORBIDDEN', `Scenario "${code}" serves only the governance console`);
      if (code === OPEN_SCENARIO) throw refuseRequest('FORBIDDEN', `Scenario "${code}" serves only the open API, at /open/graphql without a key`);
      return {
        applicationId: entry.applicationId,
        apiKeyId: entry.apiKeyId,
        applicationName: entry.applicationName,
        departmentCode: entry.departmentCode,
        scenario: await scenarioInForce(code),
      };
    },

    /**
     * The caller behind a console request: the console application of the person's role and department,
     * under that role's scenario (FORBIDDEN when the platform has not set it up, or it is suspended).
     */
    async consoleCaller(staff: StaffClaims): Promise<Caller> {
      const code = CONSOLE_SCENARIOS[staff.role];
      const application = await keylessApplication(consoleApplicationId(staff.role, staff.department));
      if (!application || application.departmentCode !== staff.department || !application.scenarioCodes.includes(code))
        throw refuseRequest('FORBIDDEN', `The console has no application for ${staff.role} of ${staff.department}`);
      return {
        applicationId: application.applicationId,
        apiKeyId: null,
        applicationName: application.applicationName,
        departmentCode: application.departmentCode,
        scenario: await scenarioInForce(code),
        person: staff.person,
      };
    },

    /**
     * The caller behind an open-API request: the open application under the open scenario, naming the
     * client (FORBIDDEN when the platform has not set it up, or an operator has suspended it).
     */
    async openCaller(client: string): Promise<Caller> {
      const application = await keylessApplication(OPEN_APPLICATION_ID);
      if (!application || !application.scenarioCodes.includes(OPEN_SCENARIO)) throw refuseRequest('FORBIDDEN', 'This platform serves no open data');
      return {
        applicationId: application.applicationId,
        apiKeyId: null,
        applicationName: application.applicationName,
        departmentCode: application.departmentCode,
        scenario: await scenarioInForce(OPEN_SCENARIO),
        client,
      };
    },

    /**
     * The caller behind a change feed's re-read: the subscribing application under the subscription's
     * scenario, refused as its key would be (FORBIDDEN when it is no longer bound, or the scenario is not in force).
     */
    async feedCaller(claims: FeedClaims): Promise<Caller> {
      const application = await keylessApplication(claims.applicationId);
      if (!application || !application.scenarioCodes.includes(claims.scenario))
        throw refuseRequest('FORBIDDEN', `The application is not bound to scenario "${claims.scenario}"`);
      if (CONSOLE_ONLY.has(claims.scenario) || claims.scenario === OPEN_SCENARIO)
        throw refuseRequest('FORBIDDEN', `Scenario "${claims.scenario}" takes no change feeds`);
      return {
        applicationId: application.applicationId,
        apiKeyId: null,
        applicationName: application.applicationName,
        departmentCode: application.departmentCode,
        scenario: await scenarioInForce(claims.scenario),
      };
    },

    /** The coordinates of `requested` the scenario does not hold a current grant for (or that are never granted), sorted. */
    notGranted(snapshot: ScenarioSnapshot, requested: readonly string[], neverGranted: ReadonlySet<string> = new Set()): string[] {
      const at = now();
      return requested.filter((coordinate) => !isGrantInForce(snapshot.grants.get(coordinate), at, neverGranted));
    },
  };
}

export type ScenarioDirectory = ReturnType<typeof createScenarioDirectory>;
