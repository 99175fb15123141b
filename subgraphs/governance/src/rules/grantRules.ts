import type { InputProblem } from '@civicgraph/errors';
import { maskInferences, rowConstraintsSchema, type RowConstraints, type StaffRole } from '@civicgraph/policy';
import { negativeList, readCatalog, readSupergraphSdl, SUBGRAPH_NAMES, subgraphTypeDefs } from '@civicgraph/schema';
import { buildASTSchema, getNamedType, isObjectType, Kind, parse } from 'graphql';

/** What may be granted: every catalog field with its sharing attribute, legal basis and whether it is text. */
export interface GrantableFields {
  get(coordinate: string): { sharing: string; legalBasis: string | null; text: boolean } | undefined;
}

/** Reads the grantable fields from the composed supergraph (default: the committed one). */
export function grantableFields(supergraphSdl: string = readSupergraphSdl()): GrantableFields {
  const schema = buildASTSchema(parse(supergraphSdl), { assumeValidSDL: true });
  const fields = new Map<string, { sharing: string; legalBasis: string | null; text: boolean }>();
  for (const entry of readCatalog(schema).entries) {
    const [typeName, fieldName] = entry.coordinate.split('.') as [string, string];
    const type = schema.getType(typeName);
    const field = isObjectType(type) ? type.getFields()[fieldName] : undefined;
    fields.set(entry.coordinate, { sharing: entry.sharing, legalBasis: entry.legalBasis, text: !!field && getNamedType(field.type).name === 'String' });
  }
  return fields;
}

let committedNegativeList: ReadonlySet<string> | undefined;

/** The committed supergraph's negative list: coordinates no grant puts in force (see isGrantInForce). */
export function neverGranted(): ReadonlySet<string> {
  return (committedNegativeList ??= negativeList(readCatalog(readSupergraphSdl())));
}

export interface GrantRequest {
  coordinate: string;
  mask?: string | null;
  expiresAt?: Date | null;
}

const COORDINATE = /^[A-Za-z_][A-Za-z0-9_]*\.[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Every problem with a list of grants, each naming its argument path: an unknown coordinate, one on the
 * negative list (with its legal basis), a mask on a field that is not text, an expiry in the past, a
 * coordinate named twice.
 */
export function grantProblems(grants: readonly GrantRequest[], fields: GrantableFields, now: Date, argument = 'grants'): InputProblem[] {
  const problems: InputProblem[] = [];
  const seen = new Set<string>();
  grants.forEach((grant, i) => {
    const at = `${argument}[${i}]`;
    const { coordinate } = grant;
    if (!COORDINATE.test(coordinate)) {
      problems.push({ argument: `${at}.coordinate`, reason: `"${coordinate}" is not a field coordinate such as Person.birthDate`, coordinate });
      return;
    }
    if (seen.has(coordinate)) problems.push({ argument: `${at}.coordinate`, reason: `${coordinate} is named twice`, coordinate });
    seen.add(coordinate);
    const field = fields.get(coordinate);
    if (!field) {
      problems.push({ argument: `${at}.coordinate`, reason: `${coordinate} is not a field of the API`, coordinate });
      return;
    }
    if (field.sharing === 'NONE') {
      problems.push({
        argument: `${at}.coordinate`,
        reason: `${coordinate} is on the negative list (not shared) and can never be granted; legal basis: ${field.legalBasis}`,
        coordinate,
        legalBasis: field.legalBasis,
      });
    }
    if (grant.mask && !field.text) problems.push({ argument: `${at}.mask`, reason: `${coordinate} is not text, so it cannot be masked`, coordinate });
    if (grant.expiresAt && grant.expiresAt <= now)
      problems.push({ argument: `${at}.expiresAt`, reason: `${grant.expiresAt.toISOString()} is in the past`, coordinate });
  });
  return problems;
}

/**
 * Masks a set of grants undoes (see maskInferences in @civicgraph/policy), as problems naming both
 * coordinates and why. `whose` says whose grant gives a value back when the set is not one scenario's
 * own (an application's across the scenarios it is bound to).
 */
export function inferenceProblems(grants: readonly GrantRequest[], argument: string, whose?: (revealedBy: string) => string): InputProblem[] {
  return maskInferences(grants).map(({ masked, revealedBy, reason }) => ({
    argument,
    reason: `${masked} is read masked, but ${revealedBy}${whose ? `, ${whose(revealedBy)},` : ''} gives it back: ${reason}`,
    coordinate: masked,
    revealedBy,
  }));
}

/** One scenario's grants, as stored or as a change would leave them. */
export interface ScenarioGrants {
  scenarioCode: string;
  grants: readonly GrantRequest[];
}

/**
 * Masks one application undoes across the scenarios it is bound to: it can call under each and join what
 * it reads, so its grants count as one set, where a coordinate read unmasked under any scenario is unmasked
 * for it. Each problem names the scenario whose grant gives the value back.
 */
export function applicationInferenceProblems(application: string, sets: readonly ScenarioGrants[], argument: string): InputProblem[] {
  const byCoordinate = new Map<string, GrantRequest>();
  for (const grant of sets.flatMap((s) => s.grants)) {
    const seen = byCoordinate.get(grant.coordinate);
    if (!seen || (seen.mask && !grant.mask)) byCoordinate.set(grant.coordinate, grant);
  }
  const grantedUnder = (coordinate: string) => sets.find((s) => s.grants.some((g) => g.coordinate === coordinate && !g.mask))?.scenarioCode;
  return inferenceProblems([...byCoordinate.values()], argument, (revealedBy) => `granted to ${application} under scenario "${grantedUnder(revealedBy)}"`);
}

/** Row constraints as given, checked; problems name their argument path. */
export function constraintProblems(value: unknown, argument: string): { constraints: RowConstraints; problems: InputProblem[] } {
  const parsed = rowConstraintsSchema.safeParse(value);
  if (parsed.success) return { constraints: parsed.data, problems: [] };
  return {
    constraints: {},
    problems: parsed.error.issues.map((issue) => ({
      argument: [argument, ...issue.path].map((p, i) => (typeof p === 'number' ? `[${p}]` : i ? `.${String(p)}` : String(p))).join(''),
      reason: issue.message,
    })),
  };
}

/** The code of the administrators' scenario. */
export const ADMIN_SCENARIO = 'admin';

/** Everything the governance subgraph defines: what the admin scenario is granted. */
export function adminGrants(): string[] {
  const coordinates: string[] = [];
  for (const name of SUBGRAPH_NAMES) {
    for (const definition of subgraphTypeDefs(name).definitions) {
      if (definition.kind !== Kind.OBJECT_TYPE_DEFINITION && definition.kind !== Kind.OBJECT_TYPE_EXTENSION) continue;
      for (const field of definition.fields ?? []) {
        const coordinate = `${definition.name.value}.${field.name.value}`;
        // Every governance field, and each owner's disclosure-log search (the audit trail admins supervise).
        if (name === 'governance' || isDisclosureSearch(coordinate)) coordinates.push(coordinate);
      }
    }
  }
  return [...new Set(coordinates)].sort();
}

/** `Query.populationDisclosures`, `PopulationDisclosure.at`, `PopulationDisclosureConnection.nodes`, `PageInfo.*`… */
function isDisclosureSearch(coordinate: string): boolean {
  const [type, field] = coordinate.split('.') as [string, string];
  return (type === 'Query' && /Disclosures$|DisclosureChain$/.test(field)) || /Disclosure(Connection|Chain)?$/.test(type) || type === 'PageInfo';
}

/**
 * Coordinates that administer the platform or read its audit trail: every governance field, each owner's
 * disclosure log and access log. They are not data: administrators grant them to the scenarios that need
 * them, and no share request can ask for them (a department could otherwise approve its own way to grant).
 */
export function governanceCoordinates(): ReadonlySet<string> {
  return new Set(adminGrants().filter((c) => !c.startsWith('PageInfo.')));
}

/** Whether a coordinate administers the platform or reads its audit trail (see governanceCoordinates). */
export function isGovernanceCoordinate(coordinate: string, governance: ReadonlySet<string> = governanceCoordinates()): boolean {
  return governance.has(coordinate) || coordinate.endsWith('.accessLog');
}

/**
 * The root fields each console role reaches (administrators act under the admin scenario). The types
 * beneath are granted as for administrators: what a role may read is decided at its entry points, and the
 * governance resolvers narrow rows to the role's department (reviewers, stewards) or applications (developers).
 */
/** What every console role but the auditor's reads: the catalog, its lists, and the departments. */
const CATALOG_READS = ['Query.catalog', 'Query.negativeList', 'Query.responsibilityList', 'Query.tableCatalog', 'Query.departments', 'Query.department'];

const CONSOLE_ROOT_FIELDS: Readonly<Record<Exclude<StaffRole, 'ADMIN'>, readonly string[]>> = {
  REVIEWER: [
    ...CATALOG_READS,
    'Query.scenario',
    'Query.reviewQueue',
    'Query.reviewedShareItems',
    'Query.departmentEvaluation',
    'Query.objectionQueue',
    'Query.objection',
    'Mutation.decideShareItem',
    'Mutation.answerObjection',
  ],
  STEWARD: [
    ...CATALOG_READS,
    'Query.qualityRules',
    'Query.qualityRuns',
    'Query.qualityRun',
    'Query.qualityReport',
    'Query.qualityGroupTrend',
    'Query.qualityTrend',
    'Query.qualityIssues',
    'Query.qualityIssue',
    'Query.objectionQueue',
    'Query.objection',
    'Mutation.acknowledgeQualityIssue',
    'Mutation.fixQualityIssue',
    'Mutation.disputeQualityIssue',
    'Mutation.answerObjection',
  ],
  AUDITOR: [
    'Query.auditRequests',
    'Query.requestStatistics',
    'Query.requestLogChain',
    'Query.populationDisclosureChain',
    'Query.legalEntityDisclosureChain',
    'Query.spatialDisclosureChain',
    'Query.licenseDisclosureChain',
    'Query.populationDisclosures',
    'Query.legalEntityDisclosures',
    'Query.spatialDisclosures',
    'Query.licenseDisclosures',
    'Query.tableCatalog',
    'Query.catalog',
    'Query.departments',
    'Query.department',
    'Query.applications',
    'Query.application',
    'Query.scenarios',
    'Query.scenario',
    'Query.shareRequests',
    'Query.shareRequest',
    'Query.overdueShareItems',
    'Query.departmentEvaluation',
  ],
  DEVELOPER: [
    ...CATALOG_READS,
    'Query.applications',
    'Query.application',
    'Query.scenarios',
    'Query.scenario',
    'Query.scenarioSchema',
    'Query.shareRequests',
    'Query.shareRequest',
    'Mutation.submitShareRequest',
  ],
};

/** What a console role's scenario is granted: its root fields and the governance types beneath them. */
export function consoleGrants(role: Exclude<StaffRole, 'ADMIN'>): string[] {
  const roots = new Set(CONSOLE_ROOT_FIELDS[role]);
  return adminGrants().filter((coordinate) => (coordinate.startsWith('Query.') || coordinate.startsWith('Mutation.') ? roots.has(coordinate) : true));
}
