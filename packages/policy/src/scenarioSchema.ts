import { MapperKind, mapSchema } from '@graphql-tools/utils';
import { GraphQLObjectType, GraphQLSchema, printSchema } from 'graphql';
import { isGrantInForce, type DatedGrant } from './grantInForce';
import type { MaskKind } from './masking';
import type { RowConstraints } from './rowConstraintsSchema';
import { scopedSchema } from './scopedSchema';

/** One grant as the scenario schema describes it. */
export interface DescribedGrant extends DatedGrant {
  coordinate: string;
  mask: MaskKind | null;
}

/** The catalog's word on a field: who owns it, how it may be shared, how sensitive it is. */
export interface FieldCatalog {
  owner: string;
  sharing: string;
  grade: number;
}

export interface ScenarioTerms {
  code: string;
  version: number;
  grants: Iterable<DescribedGrant>;
  constraints: RowConstraints;
  registeredOperationsOnly: boolean;
}

function rowTerms(constraints: RowConstraints): string[] {
  const terms: string[] = [];
  if (constraints.selfOnly) terms.push('only the citizen named by the subject token (X-Subject-Token) and what is reached from them');
  if (constraints.districts) terms.push(`only people and entities in districts ${constraints.districts.join(', ')}`);
  if (constraints.lookupOnly) terms.push('lookups by key only, no searches');
  if (constraints.maxRows) terms.push(`at most ${constraints.maxRows} rows per search page`);
  return terms;
}

/**
 * A scenario's contract as SDL: the API schema cut down to the fields it holds a grant in force for, each
 * field's description saying what applies to it here — the mask, the grant's expiry, the catalog's owner,
 * sharing attribute and grade — and the schema and its query type the scenario's row constraints. What GraphiQL's docs pane and
 * GraphQL Code Generator read. Null when the scenario could reach nothing (a schema of mutations only has no
 * query type).
 */
export function describeScenarioSchema(
  api: GraphQLSchema,
  scenario: ScenarioTerms,
  catalogOf: (coordinate: string) => FieldCatalog | undefined,
  neverGranted: ReadonlySet<string>,
  at = new Date(),
): string | null {
  const inForce = new Map([...scenario.grants].filter((g) => isGrantInForce(g, at, neverGranted)).map((g) => [g.coordinate, g]));
  const scoped = scopedSchema(api, (coordinate) => inForce.has(coordinate));
  if (!scoped) return null;
  // The scenario's terms go on its query type, or on its mutation type when it is granted mutations only.
  const rootName = (scoped.getQueryType() ?? scoped.getMutationType())!.name;
  const rows = rowTerms(scenario.constraints);
  const scenarioNote = [
    `Scenario "${scenario.code}", grant version ${scenario.version}.`,
    rows.length ? `Rows: ${rows.join('; ')}.` : 'Rows: no constraint beyond the fields granted.',
    scenario.registeredOperationsOnly ? 'Only registered operations are accepted (send their id as documentId).' : '',
  ]
    .filter(Boolean)
    .join('\n');
  const described = mapSchema(scoped, {
    [MapperKind.OBJECT_TYPE]: (type) =>
      type.name === rootName ? new GraphQLObjectType({ ...type.toConfig(), description: [type.description, scenarioNote].filter(Boolean).join('\n\n') }) : type,
    [MapperKind.OBJECT_FIELD]: (field, fieldName, typeName) => {
      const coordinate = `${typeName}.${fieldName}`;
      const grant = inForce.get(coordinate);
      const catalog = catalogOf(coordinate);
      const terms = [
        grant?.mask ? `Masked for this scenario (${grant.mask}).` : '',
        grant?.expiresAt ? `Granted until ${grant.expiresAt.toISOString()}.` : '',
        catalog ? `Owner ${catalog.owner}; sharing ${catalog.sharing}; grade ${catalog.grade}.` : '',
      ].filter(Boolean);
      // One paragraph: IDEs list a field with the first paragraph of its description.
      return terms.length ? { ...field, description: [field.description, ...terms].filter(Boolean).join(' ') } : field;
    },
  });
  // The schema's own description too: an IDE shows it first, before any type is opened.
  return printSchema(new GraphQLSchema({ ...described.toConfig(), description: scenarioNote }));
}
