/**
 * Resolver types generated from the SDL, so `schema/*.graphql` stays the only place a subgraph's types are
 * written. Mappers say what each resolver's parent really is: the Prisma row for types a subgraph owns, a
 * bare key for entities it only references. Output is not committed; `npm install` and `npm run codegen`
 * write it.
 */
import type { CodegenConfig } from '@graphql-codegen/cli';

const common = {
  federation: true,
  useTypeImports: true,
  enumsAsTypes: true,
  scalars: { Date: 'Date', DateTime: 'Date', Decimal: 'string' },
  // Returning null where a list is expected is a bug the types should catch.
  avoidOptionals: false,
};

function subgraph(name: string, context: string, mappers: Record<string, string>) {
  return {
    [`subgraphs/${name}/src/generated/graphql.ts`]: {
      schema: [`schema/${name}.graphql`, 'schema/catalog.graphql'],
      plugins: ['typescript', 'typescript-resolvers'],
      config: { ...common, contextType: `../context#${context}`, mappers },
    },
  };
}

const config: CodegenConfig = {
  overwrite: true,
  silent: true,
  ignoreNoDocuments: true,
  generates: {
    ...subgraph('population', 'PopulationContext', {
      Person: '@civicgraph/prisma/population#Person as PersonModel',
      StatisticsRelease: '@civicgraph/prisma/population#StatisticsRelease as StatisticsReleaseModel',
    }),
    ...subgraph('legal-entity', 'LegalEntityContext', {
      LegalEntity: '@civicgraph/prisma/legal-entity#LegalEntity as LegalEntityModel',
      Person: '@civicgraph/subgraph-kit#KeyReference',
    }),
    ...subgraph('spatial', 'SpatialContext', {
      Division: '@civicgraph/prisma/spatial#Division as DivisionModel',
      Address: '@civicgraph/prisma/spatial#Address as AddressModel',
    }),
    ...subgraph('e-license', 'ELicenseContext', {
      License: '@civicgraph/prisma/e-license#License as LicenseModel',
      LicenseType: '@civicgraph/prisma/e-license#LicenseType as LicenseTypeModel',
      Person: '@civicgraph/subgraph-kit#KeyReference',
      LegalEntity: '@civicgraph/subgraph-kit#KeyReference',
    }),
    ...subgraph('governance', 'GovernanceContext', {
      Department: '@civicgraph/prisma/governance#Department as DepartmentModel',
      Application: '@civicgraph/prisma/governance#Application as ApplicationModel',
      ApiKey: '@civicgraph/prisma/governance#ApiKey as ApiKeyModel',
      Scenario: '@civicgraph/prisma/governance#Scenario as ScenarioModel',
      Grant: '@civicgraph/prisma/governance#Grant as GrantModel',
      ScenarioRevision: '../rules/scenarioHistory#RevisionChanges',
      RegisteredOperation: '@civicgraph/prisma/governance#RegisteredOperation as RegisteredOperationModel',
      RowConstraints: '@civicgraph/policy#RowConstraints as RowConstraintsModel',
      ShareRequest: '@civicgraph/prisma/governance#ShareRequest as ShareRequestModel',
      ShareRequestItem: '@civicgraph/prisma/governance#ShareRequestItem as ShareRequestItemModel',
      ShareActor: '../resolvers/shareRequests#ShareActorRow',
      AuditRequest: '@civicgraph/prisma/governance#AuditRequest as AuditRequestModel',
      ImpactedOperation: '../resolvers/auditLog#ImpactedOperationRow',
      ApplicationUse: '../resolvers/grantUsage#ApplicationUseRow',
      CatalogItem: '@civicgraph/schema#CatalogItem as CatalogItemModel',
      DepartmentEvaluation: '../rules/evaluation#DepartmentEvaluationRow',
      QualityRule: '@civicgraph/quality#QualityRule as QualityRuleModel',
      QualityRun: '@civicgraph/prisma/governance#QualityRun as QualityRunModel',
      QualityResult: '@civicgraph/prisma/governance#QualityResult as QualityResultModel',
      QualityIssue: '@civicgraph/prisma/governance#QualityIssue as QualityIssueModel',
      QualityIssueEvent: '@civicgraph/prisma/governance#QualityIssueEvent as QualityIssueEventModel',
      QualityReport: '../resolvers/quality#QualityReportModel',
      Objection: '@civicgraph/prisma/governance#Objection as ObjectionModel',
      OpenDataApplication: '@civicgraph/prisma/governance#OpenDataApplication as OpenDataApplicationModel',
      ChangeSubscription: '@civicgraph/prisma/governance#ChangeSubscription as ChangeSubscriptionModel',
      ChangeEventRecord: '@civicgraph/prisma/governance#ChangeEvent as ChangeEventModel',
      DepartmentQuality: '../resolvers/quality#DepartmentQualityModel',
    }),
    // The console's typed client: each `graphql(...)` document in its pages, typed from the composed schema.
    'tools/console/web/src/generated/': {
      schema: 'schema/supergraph.graphql',
      documents: ['tools/console/web/src/**/*.tsx', 'tools/console/web/src/**/*.ts', '!tools/console/web/src/generated/**'],
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: { useTypeImports: true, enumsAsTypes: true, scalars: { Date: 'string', DateTime: 'string', Decimal: 'string' } },
    },
  },
};

export default config;
