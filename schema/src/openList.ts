import {
  buildASTSchema,
  getNamedType,
  isEnumType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
  type GraphQLField,
  type GraphQLObjectType,
  type GraphQLSchema,
} from 'graphql';
import { readCatalog, type CatalogEntry } from './catalog';
import { readSupergraphSdl, SUBGRAPH_NAMES, subgraphTypeDefs, type SubgraphName } from './subgraphs';

/** How open a dataset of the open list is (开放属性): without conditions, or on an approved application. */
export type OpenGrade = 'UNCONDITIONAL' | 'CONDITIONAL';

/** One field of an open dataset. */
export interface OpenDatasetField {
  name: string;
  coordinate: string;
  dataType: string;
  description: string | null;
}

/**
 * One dataset of the open list (开放清单): the items of one record type of one base database that the
 * catalog opens at one grade, with the root fields that read them and, for unconditionally open data, the
 * list field a bulk export pages through.
 */
export interface OpenDataset {
  /** Stable id: `<database>.<Type>` (or `<database>.<rootField>` for a statistics table), with `.conditional` for the conditional grade. */
  id: string;
  database: SubgraphName;
  typeName: string;
  opening: OpenGrade;
  owner: string;
  title: string;
  description: string | null;
  /** The most frequent update cycle among its items. */
  updateCycle: CatalogEntry['updateCycle'];
  /** The highest grade among its items. */
  grade: number;
  legalBasis: string | null;
  fields: OpenDatasetField[];
  /** Root fields (`Query.legalEntities`, …) open at this grade that read the dataset. */
  accessFields: string[];
  /** The root field a bulk export reads, and whether it pages (a connection with `first`/`after`); null: no bulk export. */
  export: DatasetExport | null;
}

/** How a bulk export reads a dataset. */
export interface DatasetExport {
  field: string;
  /** A connection with `first`/`after`: read page by page, resumable from a cursor. */
  paged: boolean;
  /** The fields read of each record. */
  selection: string;
  /** A list that needs one of its arguments (an enum) is read once per value, in order. */
  each?: { argument: string; values: string[] };
}

const CYCLE_ORDER: CatalogEntry['updateCycle'][] = ['REAL_TIME', 'DAILY', 'WEEKLY', 'MONTHLY', 'QUARTERLY', 'HALF_YEARLY', 'YEARLY'];
const PLUMBING = /(Connection|Edge)$|^PageInfo$/;

/** The record type a root field reads: its named type, or a connection's node type. */
function recordTypeOf(schema: GraphQLSchema, field: GraphQLField<unknown, unknown>): GraphQLObjectType | undefined {
  const named = getNamedType(field.type);
  if (!isObjectType(named)) return undefined;
  if (!named.name.endsWith('Connection')) return named;
  const node = named.getFields().nodes;
  const type = node && getNamedType(node.type);
  return isObjectType(type) ? type : undefined;
}

const isShareable = (type: GraphQLObjectType) => type.astNode?.directives?.some((d) => d.name.value === 'shareable') ?? false;
const firstSentence = (text: string | null | undefined) =>
  text
    ?.replace(/\s+/g, ' ')
    .split(/(?<=[.。])\s?/)[0]
    ?.trim() ?? null;

/**
 * The selection a bulk export reads of a record: its open leaf fields, and the key (`code` or `id`) of an
 * open reference where the referenced type's key is open too.
 */
function exportSelection(type: GraphQLObjectType, open: (coordinate: string) => boolean): string {
  const parts: string[] = [];
  for (const field of Object.values(type.getFields())) {
    if (!open(`${type.name}.${field.name}`) || field.args.some((a) => isNonNullType(a.type))) continue;
    const named = getNamedType(field.type);
    if (isLeafType(named)) parts.push(field.name);
    else if (isObjectType(named) && !isListType(isNonNullType(field.type) ? field.type.ofType : field.type)) {
      const key = ['code', 'id'].find((k) => named.getFields()[k] && open(`${named.name}.${k}`));
      if (key) parts.push(`${field.name} { ${key} }`);
    }
  }
  return parts.join(' ');
}

/**
 * The export a root field allows: a connection with `first`/`after`, or a list taking no required argument
 * (read once per value of an enum argument where it has one, as `divisions(level:)`: a list that filters by
 * a classification may want one).
 */
function exportOf(field: GraphQLField<unknown, unknown>, selection: string): OpenDataset['export'] {
  if (!selection || field.args.some((a) => isNonNullType(a.type) && a.defaultValue === undefined)) return null;
  const named = getNamedType(field.type);
  const args = new Set(field.args.map((a) => a.name));
  if (named.name.endsWith('Connection') && args.has('first') && args.has('after')) return { field: field.name, paged: true, selection };
  const unwrapped = isNonNullType(field.type) ? field.type.ofType : field.type;
  if (!isListType(unwrapped)) return null;
  const classified = field.args.find((a) => isEnumType(a.type));
  const values = classified && isEnumType(classified.type) ? classified.type.getValues().map((v) => v.name) : undefined;
  return { field: field.name, paged: false, selection, ...(classified && values ? { each: { argument: classified.name, values } } : {}) };
}

let committedOpenList: readonly OpenDataset[] | undefined;

/**
 * The open list, derived from the catalog: every record type's items that the catalog opens, one dataset per
 * type and grade, in database order. Items not open (`NOT_OPEN`, and the negative list) are in no dataset.
 * Read from the schema files once: they do not change while a service runs.
 */
export function openList(): readonly OpenDataset[] {
  return (committedOpenList ??= readOpenList());
}

function readOpenList(): OpenDataset[] {
  const datasets: OpenDataset[] = [];
  // A reference's key is catalogued by the type's owner, in another subgraph: read openness from the whole API.
  const everywhere = new Map(readCatalog(readSupergraphSdl()).entries.map((e) => [e.coordinate, e]));
  const open = (coordinate: string) => everywhere.get(coordinate)?.opening === 'UNCONDITIONAL';
  for (const database of SUBGRAPH_NAMES) {
    const schema = buildASTSchema(subgraphTypeDefs(database), { assumeValidSDL: true });
    const entries = new Map(readCatalog(schema).entries.map((e) => [e.coordinate, e]));
    const query = schema.getQueryType();
    if (!query) continue;
    const grouped = new Map<string, { type: GraphQLObjectType; opening: OpenGrade; root: GraphQLField<unknown, unknown>[] }>();
    for (const root of Object.values(query.getFields())) {
      const entry = entries.get(`Query.${root.name}`);
      if (!entry || entry.opening === 'NOT_OPEN') continue;
      const type = recordTypeOf(schema, root);
      if (!type || PLUMBING.test(type.name)) continue;
      // A table shape several owners share (statistics) is a dataset per root field, not per type.
      const key = `${isShareable(type) ? root.name : type.name}|${entry.opening}`;
      const group = grouped.get(key) ?? { type, opening: entry.opening, root: [] };
      group.root.push(root);
      grouped.set(key, group);
    }
    for (const [key, { type, opening, root }] of grouped) {
      const level = (e: CatalogEntry | undefined) => !!e && (e.opening === 'UNCONDITIONAL' || (opening === 'CONDITIONAL' && e.opening === 'CONDITIONAL'));
      const items = Object.values(type.getFields())
        .map((f) => ({ field: f, entry: entries.get(`${type.name}.${f.name}`) }))
        .filter(({ entry }) => level(entry));
      if (!items.length) continue;
      const all = [...items.map((i) => i.entry!), ...root.map((r) => entries.get(`Query.${r.name}`)!)];
      const byField = key.split('|')[0] !== type.name;
      const describedBy = byField ? root[0]!.description : (type.description ?? root[0]!.description);
      const exportable = opening === 'UNCONDITIONAL' ? root.map((r) => exportOf(r, exportSelection(type, open))).find((e) => e !== null) : undefined;
      datasets.push({
        id: `${database}.${byField ? root[0]!.name : type.name}${opening === 'CONDITIONAL' ? '.conditional' : ''}`,
        database,
        typeName: type.name,
        opening,
        owner: entries.get(`Query.${root[0]!.name}`)!.owner,
        title: firstSentence(describedBy) ?? type.name,
        description: describedBy ?? null,
        updateCycle: CYCLE_ORDER.find((c) => all.some((e) => e.updateCycle === c))!,
        grade: Math.max(...all.map((e) => e.grade)),
        legalBasis: all.find((e) => e.legalBasis)?.legalBasis ?? null,
        fields: items.map(({ field, entry }) => ({
          name: field.name,
          coordinate: entry!.coordinate,
          dataType: String(field.type),
          description: entry!.description,
        })),
        accessFields: root.map((r) => `Query.${r.name}`),
        export: exportable ?? null,
      });
    }
  }
  return datasets;
}

/** The licence open data is offered under unless the city sets another. */
export const OPEN_DATA_LICENSE = 'https://creativecommons.org/licenses/by/4.0/';

const EU = 'http://publications.europa.eu/resource/authority';
const FREQUENCY: Record<CatalogEntry['updateCycle'], string> = {
  REAL_TIME: `${EU}/frequency/UPDATE_CONT`,
  DAILY: `${EU}/frequency/DAILY`,
  WEEKLY: `${EU}/frequency/WEEKLY`,
  MONTHLY: `${EU}/frequency/MONTHLY`,
  QUARTERLY: `${EU}/frequency/QUARTERLY`,
  HALF_YEARLY: `${EU}/frequency/ANNUAL_2`,
  YEARLY: `${EU}/frequency/ANNUAL`,
};

/** DCAT-AP's access right for an opening grade: public without conditions, restricted on an application. */
export function accessRightsOf(opening: OpenGrade): string {
  return `${EU}/access-right/${opening === 'UNCONDITIONAL' ? 'PUBLIC' : 'RESTRICTED'}`;
}

/** Where a dataset's bulk export is served, relative to the gateway. */
export const downloadPathOf = (dataset: OpenDataset) => (dataset.export ? `/open/datasets/${encodeURIComponent(dataset.id)}` : null);

/**
 * The open list as a DCAT-AP catalog in JSON-LD (also typed schema.org `Dataset`, which search engines read):
 * each dataset with its publisher, update frequency, licence, access rights, fields and distributions — the
 * open API for all, the bulk export where there is one.
 */
export function openListJsonLd(datasets: readonly OpenDataset[], baseUrl: string, departmentName: (code: string) => string = (code) => code) {
  return {
    '@context': {
      dcat: 'http://www.w3.org/ns/dcat#',
      dct: 'http://purl.org/dc/terms/',
      foaf: 'http://xmlns.com/foaf/0.1/',
      schema: 'https://schema.org/',
    },
    '@type': 'dcat:Catalog',
    'dct:title': '公共数据开放清单 Open data list',
    'dct:description': 'The public data the city opens, derived from the public data resource catalog (公共数据资源目录).',
    'dct:license': { '@id': OPEN_DATA_LICENSE },
    'dcat:dataset': datasets.map((d) => ({
      '@id': `${baseUrl}/open/datasets#${d.id}`,
      '@type': ['dcat:Dataset', 'schema:Dataset'],
      'dct:identifier': d.id,
      'dct:title': d.title,
      ...(d.description ? { 'dct:description': d.description } : {}),
      'dct:publisher': { '@type': 'foaf:Organization', 'foaf:name': departmentName(d.owner), 'dct:identifier': d.owner },
      'dct:accrualPeriodicity': { '@id': FREQUENCY[d.updateCycle] },
      'dct:accessRights': { '@id': accessRightsOf(d.opening) },
      'dct:license': { '@id': OPEN_DATA_LICENSE },
      ...(d.legalBasis ? { 'dct:conformsTo': d.legalBasis } : {}),
      'dcat:keyword': [d.database, d.typeName, d.opening === 'UNCONDITIONAL' ? '无条件开放' : '有条件开放'],
      'schema:variableMeasured': d.fields.map((f) => ({
        '@type': 'schema:PropertyValue',
        'schema:name': f.name,
        'schema:description': f.description ?? f.dataType,
      })),
      'dcat:distribution': [
        {
          '@type': 'dcat:Distribution',
          'dcat:accessURL': { '@id': `${baseUrl}${d.opening === 'UNCONDITIONAL' ? '/open/graphql' : '/graphql'}` },
          'dct:format': 'GraphQL',
          'dct:description': `Read through ${d.accessFields.join(', ')}${d.opening === 'CONDITIONAL' ? ' under a scenario approved on application' : ', no key'}.`,
        },
        ...(d.export
          ? [{ '@type': 'dcat:Distribution', 'dcat:downloadURL': { '@id': `${baseUrl}${downloadPathOf(d)}` }, 'dcat:mediaType': 'application/x-ndjson' }]
          : []),
      ],
    })),
  };
}
