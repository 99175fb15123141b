import { readFileSync } from 'node:fs';
import { get_dmmf } from '@prisma/prisma-schema-wasm';
import { DATABASE_NAMES, migrationSourceOf, type DatabaseName } from './index';
import { subgraphTypeDefs, type SubgraphName } from '@civicgraph/schema';
import { Kind } from 'graphql';

/** One column of the table catalog (数据库表目录), with the GraphQL fields that expose it. */
export interface CatalogColumn {
  column: string;
  /** Prisma's field name. */
  field: string;
  /** PostgreSQL type as declared, e.g. `VarChar(18)`, `Uuid`, `Date`; enums by name. */
  type: string;
  nullable: boolean;
  list: boolean;
  primaryKey: boolean;
  unique: boolean;
  /** The `///` comment of the Prisma field. */
  comment: string | null;
  /** Field coordinates that serve this column's data, e.g. `Person.idNumber`; empty when none does. */
  exposedAs: string[];
}

export interface CatalogTable {
  database: DatabaseName;
  table: string;
  model: string;
  comment: string | null;
  primaryKey: string[];
  /** Unique and plain indexes, by column. */
  indexes: { kind: 'unique' | 'index'; columns: string[] }[];
  columns: CatalogColumn[];
}

interface DmmfField {
  name: string;
  dbName?: string | null;
  kind: 'scalar' | 'object' | 'enum' | 'unsupported';
  isList: boolean;
  isRequired: boolean;
  isId: boolean;
  isUnique: boolean;
  type: string;
  nativeType?: [string, string[]] | null;
  documentation?: string;
}

interface Dmmf {
  datamodel: {
    models: { name: string; dbName: string | null; documentation?: string; fields: DmmfField[]; primaryKey: { fields: string[] } | null }[];
    indexes: { model: string; type: 'id' | 'unique' | 'normal' | 'fulltext'; fields: { name: string }[] }[];
  };
}

/** The GraphQL type that serves a model, where it is not the model's own name. */
const TYPE_OF_MODEL: Partial<Record<DatabaseName, Record<string, string>>> = {
  population: { AuditDisclosure: 'PopulationDisclosure' },
  'legal-entity': { AuditDisclosure: 'LegalEntityDisclosure' },
  spatial: { AuditDisclosure: 'SpatialDisclosure' },
  'e-license': { AuditDisclosure: 'LicenseDisclosure' },
};

/** Fields that serve a column under another name, beyond the `xId`/`xCode` → `x` convention. */
const ALSO_EXPOSED_BY: Record<string, string[]> = {
  // Parents and children are both read from the father and mother references.
  'Person.fatherId': ['Person.parents', 'Person.children'],
  'Person.motherId': ['Person.parents', 'Person.children'],
  // References read from the other side.
  'LegalEntity.representativeId': ['LegalEntity.legalRepresentative', 'Person.representedEntities'],
  'License.holderId': ['Person.licenses', 'LegalEntity.licenses'],
  'License.holderKind': ['License.holder'],
  'Division.parentCode': ['Division.children'],
  'ApiKey.applicationId': ['Application.apiKeys'],
  'Application.departmentCode': ['Department.applications'],
  'Scenario.departmentCode': ['Department.scenarios'],
  'Grant.scenarioCode': ['Scenario.grants'],
  'ScenarioApplication.scenarioCode': ['Scenario.applications', 'Application.scenarios'],
  'ScenarioApplication.applicationId': ['Scenario.applications', 'Application.scenarios'],
};
// `entityKey`: the one key of disclosure records written before `entityKeys` existed, served by it.
const FIELD_ALIASES: Record<string, string> = { app: 'application', entityKey: 'entityKeys' };

function fieldsByType(subgraph: SubgraphName): Map<string, Set<string>> {
  const types = new Map<string, Set<string>>();
  for (const definition of subgraphTypeDefs(subgraph).definitions) {
    if (definition.kind !== Kind.OBJECT_TYPE_DEFINITION && definition.kind !== Kind.OBJECT_TYPE_EXTENSION) continue;
    const fields = types.get(definition.name.value) ?? new Set<string>();
    for (const field of definition.fields ?? []) fields.add(field.name.value);
    types.set(definition.name.value, fields);
  }
  return types;
}

/** Which fields of `typeName` serve `field`: the same name, an alias, or the reference it holds (`holderId` → `holder`). */
function exposuresOf(model: string, typeName: string, typeFields: ReadonlySet<string> | undefined, field: string): string[] {
  const found = new Set<string>(ALSO_EXPOSED_BY[`${model}.${field}`] ?? []);
  if (typeFields) {
    const candidates = [field, FIELD_ALIASES[field], field.replace(/Id$/, ''), field.replace(/Code$/, '')];
    for (const candidate of candidates) if (candidate && candidate !== '' && typeFields.has(candidate)) found.add(`${typeName}.${candidate}`);
  }
  return [...found].sort();
}

function typeText(field: DmmfField): string {
  if (field.kind === 'enum') return field.type;
  if (!field.nativeType) return field.type;
  const [name, args] = field.nativeType;
  return args.length ? `${name}(${args.join(', ')})` : name;
}

/**
 * The table catalog of every database, read from its Prisma schema (Prisma's own parser, the
 * prisma-schema WebAssembly module): tables, columns, types, keys, indexes, comments, and for each
 * column the GraphQL fields of the database's subgraph that expose it.
 */
export function tableCatalog(): CatalogTable[] {
  return DATABASE_NAMES.flatMap((database) => {
    const dmmf = JSON.parse(get_dmmf(JSON.stringify({ prismaSchema: readFileSync(migrationSourceOf(database).schemaPath, 'utf8') }))) as Dmmf;
    const graphqlTypes = fieldsByType(database);
    return dmmf.datamodel.models.map((model): CatalogTable => {
      const columnOf = new Map(model.fields.map((f) => [f.name, f.dbName ?? f.name]));
      const typeName = TYPE_OF_MODEL[database]?.[model.name] ?? model.name;
      const indexes = dmmf.datamodel.indexes.filter((i) => i.model === model.name);
      return {
        database,
        table: model.dbName ?? model.name,
        model: model.name,
        comment: model.documentation ?? null,
        primaryKey: (indexes.find((i) => i.type === 'id')?.fields ?? []).map((f) => columnOf.get(f.name) ?? f.name),
        indexes: indexes
          .filter((i) => i.type === 'unique' || i.type === 'normal')
          .map((i) => ({ kind: i.type === 'unique' ? ('unique' as const) : ('index' as const), columns: i.fields.map((f) => columnOf.get(f.name) ?? f.name) })),
        columns: model.fields
          .filter((f) => f.kind === 'scalar' || f.kind === 'enum')
          .map((f) => ({
            column: f.dbName ?? f.name,
            field: f.name,
            type: typeText(f),
            nullable: !f.isRequired,
            list: f.isList,
            primaryKey: f.isId,
            unique: f.isUnique,
            comment: f.documentation ?? null,
            exposedAs: exposuresOf(model.name, typeName, graphqlTypes.get(typeName), f.name),
          })),
      };
    });
  });
}

/** Columns served through a field that has no catalog entry: every exposed column must be catalogued. */
export function uncataloguedExposures(tables: readonly CatalogTable[], catalogued: ReadonlySet<string>): string[] {
  return tables.flatMap((t) =>
    t.columns.flatMap((c) =>
      c.exposedAs
        .filter((coordinate) => !catalogued.has(coordinate))
        .map((coordinate) => `${t.database}.${t.table}.${c.column} is exposed as ${coordinate}, which has no catalog entry`),
    ),
  );
}
