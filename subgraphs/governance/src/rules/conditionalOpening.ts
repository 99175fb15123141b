import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { InputProblem } from '@civicgraph/errors';
import { parseUscc } from '@civicgraph/identifiers';
import { openList, readCatalog, readSupergraphSdl, type OpenDataset } from '@civicgraph/schema';
import { buildASTSchema, getNamedType, isObjectType, parse } from 'graphql';
import { openGrants } from './openAccess';

/** The department outside organisations' applications belong to (they are not departments of the city). */
export const OUTSIDE_ORGANISATIONS = 'SH-EXT';

/** The longest a conditional opening may last: a year, then the organisation applies again. */
export const MAX_CONDITIONAL_DAYS = 366;

export interface ConditionalApplicationInput {
  organisationName: string;
  organisationUscc: string;
  contactEmail: string;
  purpose: string;
  safeguards: string;
  agreementSha256: string;
  datasets: readonly string[];
  until: Date;
}

let conditionalDatasets: Map<string, OpenDataset> | undefined;

/** The open list's conditionally open datasets, by id. */
export function conditionalDatasetsById(): ReadonlyMap<string, OpenDataset> {
  return (conditionalDatasets ??= new Map(
    openList()
      .filter((d) => d.opening === 'CONDITIONAL')
      .map((d) => [d.id, d]),
  ));
}

/**
 * Every problem with an application, each naming its argument: the organisation's USCC must be valid, the
 * agreement's hash a SHA-256, the datasets conditionally open ones of a single owner (who reviews them),
 * the end of the period after today and within a year. Returns the reviewing department when all is well.
 */
export function conditionalApplicationProblems(input: ConditionalApplicationInput, today: Date): { problems: InputProblem[]; ownerCode?: string } {
  const problems: InputProblem[] = [];
  const add = (argument: string, reason: string) => problems.push({ argument: `input.${argument}`, reason });
  const text = (argument: keyof ConditionalApplicationInput, value: string, max: number) => {
    if (!value.trim()) add(argument, 'must not be empty');
    else if (value.length > max) add(argument, `must be at most ${max} characters`);
  };
  text('organisationName', input.organisationName, 128);
  text('purpose', input.purpose, 2000);
  text('safeguards', input.safeguards, 2000);
  if (!parseUscc(input.organisationUscc).ok) add('organisationUscc', 'is not a valid unified social credit code (GB 32100-2015)');
  if (!/^[^\s@]{1,64}@[^\s@]{1,185}\.[^\s@]{2,}$/.test(input.contactEmail)) add('contactEmail', 'is not an e-mail address');
  if (!/^[0-9a-f]{64}$/.test(input.agreementSha256)) add('agreementSha256', 'must be the SHA-256 of the signed use agreement, 64 lower-case hex digits');
  const datasets = conditionalDatasetsById();
  const owners = new Set<string>();
  if (!input.datasets.length) add('datasets', 'must name at least one conditionally open dataset');
  input.datasets.forEach((id, i) => {
    const dataset = datasets.get(id);
    if (!dataset) add(`datasets[${i}]`, `"${id}" is not a conditionally open dataset of the open list (unconditional ones need no application)`);
    else owners.add(dataset.owner);
  });
  if (new Set(input.datasets).size !== input.datasets.length) add('datasets', 'names a dataset twice');
  if (owners.size > 1) add('datasets', `name datasets of one owning department per application (these belong to ${[...owners].sort().join(', ')})`);
  const days = (input.until.getTime() - today.getTime()) / 86_400_000;
  if (days <= 0) add('until', 'must be after today');
  else if (days > MAX_CONDITIONAL_DAYS) add('until', `must be within ${MAX_CONDITIONAL_DAYS} days`);
  return { problems, ownerCode: problems.length ? undefined : [...owners][0] };
}

let catalogued: Map<string, string> | undefined;

/**
 * What an approved application's scenario holds: everything the open API serves, and the datasets' items —
 * their fields, the root fields that read them, the pages those return and the mutations that make them —
 * where the catalog opens them at all. Nothing `NOT_OPEN` is ever among them.
 */
export function conditionalGrants(datasetIds: readonly string[]): string[] {
  const supergraph = readSupergraphSdl();
  catalogued ??= new Map(readCatalog(supergraph).entries.map((e) => [e.coordinate, e.opening]));
  const open = (coordinate: string) => {
    const opening = catalogued!.get(coordinate);
    return opening === 'UNCONDITIONAL' || opening === 'CONDITIONAL';
  };
  const schema = buildASTSchema(parse(supergraph), { assumeValidSDL: true });
  const grants = new Set(openGrants());
  for (const id of datasetIds) {
    const dataset = conditionalDatasetsById().get(id)!;
    for (const field of dataset.fields) grants.add(field.coordinate);
    // The mutations that make records of the dataset (a sandbox's release requests), where the catalog opens them.
    for (const [name, field] of Object.entries(schema.getMutationType()?.getFields() ?? {}))
      if (getNamedType(field.type).name === dataset.typeName) grants.add(`Mutation.${name}`);
    for (const access of dataset.accessFields) {
      grants.add(access);
      // The pages a list returns (Connection, Edge, PageInfo), where they are open.
      const [, fieldName] = access.split('.');
      const returned = getNamedType(schema.getQueryType()!.getFields()[fieldName!]!.type);
      const pages = [returned, ...(isObjectType(returned) ? Object.values(returned.getFields()).map((f) => getNamedType(f.type)) : [])];
      for (const type of pages) {
        if (!isObjectType(type) || !/(Connection|Edge)$|^PageInfo$/.test(type.name)) continue;
        for (const f of Object.keys(type.getFields())) if (open(`${type.name}.${f}`)) grants.add(`${type.name}.${f}`);
      }
    }
  }
  return [...grants].filter(open).sort();
}

/** A claim token for the applicant (returned once) and the hash kept of it. */
export function newClaimToken(): { token: string; hash: string } {
  const token = `cgc_${randomBytes(24).toString('base64url')}`;
  return { token, hash: hashClaimToken(token) };
}

export const hashClaimToken = (token: string) => createHash('sha256').update(token).digest('hex');

/** Whether a token is the one a stored hash was made from (in constant time). */
export function claimTokenMatches(token: string, hash: string): boolean {
  const given = Buffer.from(hashClaimToken(token), 'hex');
  const kept = Buffer.from(hash, 'hex');
  return given.length === kept.length && timingSafeEqual(given, kept);
}
