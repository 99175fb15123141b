import { randomUUID } from 'node:crypto';
import type { Mask, PrismaClient } from '@civicgraph/prisma/governance';
import { checkOperations, ensureDepartments, inferenceProblems } from '@civicgraph/governance-subgraph';
import { issueApiKey, type RowConstraints } from '@civicgraph/policy';
import { apiSchema, readSupergraphSdl } from '@civicgraph/schema';
import type { GraphQLSchema } from 'graphql';
import { CITIZEN_PROFILE_OPERATION } from './citizenProfile';

/** A scenario to create, with the field coordinates it is granted. */
export interface ScenarioDefinition {
  code: string;
  name: string;
  purpose: string;
  legalBasis: string;
  departmentCode: string;
  useReasonRequired: boolean;
  grants: string[];
  /** Grants read masked, by coordinate (each must also be in `grants`). */
  masks?: Record<string, Mask>;
  /** Row constraints; none when absent. */
  constraints?: RowConstraints;
  /** Operations registered for it (persisted documents), each checked against its grants. */
  operations?: string[];
  /** Accept registered operations only. */
  registeredOperationsOnly?: boolean;
  /** Traffic limits per application; none when absent. */
  requestsPerSecond?: number;
  burst?: number;
  rowsPerDay?: number;
}

export interface ScenarioCredentials {
  code: string;
  apiKey: string;
  grants: string[];
  constraints: RowConstraints;
}

const CITIZEN_PROFILE = [
  'Query.personByIdNumber',
  'Person.name',
  'Person.gender',
  'Person.birthDate',
  'Person.residenceAddress',
  'Person.licenses',
  'Person.representedEntities',
  'Address.fullText',
  'Address.district',
  'Division.name',
  'License.name',
  'License.number',
  'License.status',
  'License.validUntil',
  'LegalEntity.name',
  'LegalEntity.uscc',
  'LegalEntity.registeredAddress',
  'LegalEntity.licenses',
];

/** What a share request and its items show the department that asked, or the owner reviewing them. */
const SHARE_ITEM_FIELDS = [
  'ShareRequestItem.id',
  'ShareRequestItem.coordinate',
  'ShareRequestItem.status',
  'ShareRequestItem.reason',
  'ShareRequestItem.sharing',
  'ShareRequestItem.dueOn',
  'ShareRequestItem.overdue',
  'ShareRequestItem.late',
  'ShareRequestItem.answerWorkingDays',
  'ShareRequestItem.grantExpiresAt',
  'ShareRequestItem.owner',
  'ShareRequestItem.request',
  'ShareRequest.id',
  'ShareRequest.scenario',
  'ShareRequest.department',
  'ShareRequest.justification',
  'ShareRequest.legalBasis',
  'ShareRequest.submittedAt',
  'ShareRequest.items',
  'Scenario.code',
  'Scenario.name',
  'Department.code',
  'Department.name',
];

/** What an objection shows its objector and the owner answering it. */
export const OBJECTION_FIELDS = [
  'id',
  'coordinate',
  'recordId',
  'reason',
  'proposedValue',
  'status',
  'answer',
  'answeredAt',
  'dueOn',
  'overdue',
  'answerWorkingDays',
  'late',
  'owner',
  'raisedByDepartment',
].map((f) => `Objection.${f}`);

/** What a department's data steward reads of its quality issues and answers for them. */
const QUALITY_ISSUE_FIELDS = [
  'id',
  'ruleCode',
  'rule',
  'dimension',
  'item',
  'table',
  'state',
  'failed',
  'checked',
  'failingKeys',
  'openedAt',
  'dueOn',
  'overdue',
  'note',
  'events',
  'department',
].map((f) => `QualityIssue.${f}`);

/** What a department's data stewards read and answer: its quality issues and the objections to its data. */
export const DATA_STEWARD_GRANTS = [
  'Query.qualityIssues',
  'Query.qualityIssue',
  'Mutation.acknowledgeQualityIssue',
  'Mutation.fixQualityIssue',
  'Mutation.disputeQualityIssue',
  ...QUALITY_ISSUE_FIELDS,
  'QualityIssueEvent.at',
  'QualityIssueEvent.state',
  'QualityIssueEvent.note',
  'QualityRule.code',
  'QualityRule.description',
  'Query.objectionQueue',
  'Query.objection',
  'Mutation.answerObjection',
  ...OBJECTION_FIELDS,
  'Department.code',
  'Department.name',
];

/**
 * Services beyond reading people: geography, license verification, and the two sides of a share request
 * (a department asking for more, the owning department reviewing). Apart from DEMO_SCENARIOS so a city
 * seeded before they existed can be given them at its next start.
 */
export const SERVICE_SCENARIOS: ScenarioDefinition[] = [
  {
    code: 'address-service',
    name: '标准地址服务',
    purpose: 'Public services find divisions and the standard addresses near a point.',
    legalBasis: '《上海市公共数据和一网通办管理办法》',
    departmentCode: 'SH-PNR',
    useReasonRequired: false,
    grants: [
      'Query.division',
      'Query.addressesNear',
      'Division.code',
      'Division.name',
      'Division.level',
      'Division.fullName',
      'Division.parent',
      'Division.children',
      'NearbyAddress.address',
      'NearbyAddress.distanceMeters',
      'Address.fullText',
      'Address.district',
    ],
  },
  {
    code: 'license-verification',
    name: '电子证照核验',
    purpose: 'A counter checks that an electronic license shown to it is genuine and still valid.',
    legalBasis: '《国务院关于在线政务服务的若干规定》',
    departmentCode: 'SH-BDC',
    useReasonRequired: true,
    constraints: { lookupOnly: true },
    grants: [
      'Query.verifyLicense',
      'LicenseVerification.identifier',
      'LicenseVerification.valid',
      'LicenseVerification.failure',
      'LicenseVerification.status',
      'LicenseVerification.checkedAt',
    ],
  },
  {
    code: 'amr-share-requests',
    name: '市场监管局 数据共享申请',
    purpose: 'The market supervision bureau asks for data its scenarios need, and follows its requests.',
    legalBasis: '《上海市公共数据和一网通办管理办法》第三章（公共数据共享）',
    departmentCode: 'SH-AMR',
    useReasonRequired: false,
    grants: ['Mutation.submitShareRequest', ...SHARE_ITEM_FIELDS],
  },
  {
    code: 'psb-share-review',
    name: '公安局 人口库共享审核',
    purpose: "The police bureau's reviewers answer requests for the population database within 10 working days.",
    legalBasis: '《上海市公共数据和一网通办管理办法》第三章（公共数据共享）',
    departmentCode: 'SH-PSB',
    useReasonRequired: false,
    grants: ['Query.reviewQueue', 'Mutation.decideShareItem', ...SHARE_ITEM_FIELDS],
  },
  {
    code: 'pnr-open-data-review',
    name: '规划资源局 有条件开放审核',
    purpose:
      "The planning and natural resources bureau's reviewers answer outside organisations' applications for its conditionally open data within 10 working days.",
    legalBasis: '《上海市公共数据开放暂行办法》（有条件开放）',
    departmentCode: 'SH-PNR',
    useReasonRequired: false,
    grants: [
      'Query.openDataApplicationQueue',
      'Mutation.decideOpenDataApplication',
      ...[
        'id',
        'organisationName',
        'organisationUscc',
        'contactEmail',
        'purpose',
        'safeguards',
        'agreementSha256',
        'datasets',
        'status',
        'dueOn',
        'until',
        'scenarioCode',
        'reason',
      ].map((f) => `OpenDataApplication.${f}`),
    ],
  },
  {
    code: 'psb-data-steward',
    name: '公安局 人口库数据质量',
    purpose: "The police bureau's data stewards answer for the population database's quality issues and the objections to its data.",
    legalBasis: '《上海市公共数据管理办法》（数据质量管理：谁采集、谁负责）',
    departmentCode: 'SH-PSB',
    useReasonRequired: false,
    grants: DATA_STEWARD_GRANTS,
  },
  {
    code: 'marriage-registration',
    name: '民政局 婚姻登记',
    purpose: 'Marriage registration offices check the parties against the population register, and object to a value they find wrong.',
    legalBasis: '《婚姻登记条例》',
    departmentCode: 'SH-CAB',
    useReasonRequired: true,
    grants: [
      'Query.personByIdNumber',
      'Person.id',
      'Person.name',
      'Person.gender',
      'Person.birthDate',
      'Person.maritalStatus',
      'Mutation.raiseObjection',
      'Query.raisedObjections',
      'Query.objection',
      ...OBJECTION_FIELDS,
      'Department.code',
      'Department.name',
    ],
  },
];

/**
 * The demo scenarios `npm start` creates. Each grants exactly what its service needs: only the citizen's
 * own self-service app reads a phone number; rows are limited by "self only" and "districts"; values
 * arrive masked where recognising a record is enough.
 */
/** What an application needs to manage its own change subscriptions (granted with the records it subscribes to). */
export const CHANGE_FEED_API = [
  'Query.changeSubscriptions',
  'Query.changeSubscription',
  'Mutation.subscribeToChanges',
  'Mutation.cancelChangeSubscription',
  'Mutation.rotateChangeSubscriptionSecret',
  'Mutation.replayChanges',
  'Mutation.reactivateChangeSubscription',
  'ChangeSubscription.id',
  'ChangeSubscription.applicationId',
  'ChangeSubscription.scenarioCode',
  'ChangeSubscription.owner',
  'ChangeSubscription.entityTypes',
  'ChangeSubscription.operations',
  'ChangeSubscription.delivery',
  'ChangeSubscription.endpoint',
  'ChangeSubscription.payload',
  'ChangeSubscription.status',
  'ChangeSubscription.statusReason',
  'ChangeSubscription.createdAt',
  'ChangeSubscription.streamPath',
  'ChangeSubscription.nextSequence',
  'ChangeSubscription.deadLetters',
  'ChangeEventRecord.sequence',
  'ChangeEventRecord.entityType',
  'ChangeEventRecord.key',
  'ChangeEventRecord.operation',
  'ChangeEventRecord.changedFields',
  'ChangeEventRecord.occurredAt',
  'ChangeEventRecord.status',
  'ChangeEventRecord.attempts',
  'ChangeEventRecord.lastError',
  'ChangeSubscriptionCreated.subscription',
  'ChangeSubscriptionCreated.secret',
];

export const DEMO_SCENARIOS: ScenarioDefinition[] = [
  {
    code: 'license-death-notice',
    name: '证照联动注销：居民死亡通知',
    purpose: "The license office learns of residents' deaths as they are registered, to withdraw the licenses the deceased held.",
    legalBasis: '《上海市公共数据和一网通办管理办法》第三章（公共数据共享）',
    departmentCode: 'SH-BDC',
    useReasonRequired: false,
    grants: ['Query.person', 'Person.id', 'Person.idNumber', 'Person.name', 'Person.deathDate', ...CHANGE_FEED_API],
    // The office matches licenses by ID number; it has no need of the name in clear.
    masks: { 'Person.name': 'NAME' },
  },
  {
    code: 'one-network-service',
    name: '一网通办 citizen profile at a service counter',
    purpose: "A counter clerk handling a citizen's case sees the citizen's profile, licenses and companies.",
    legalBasis: '《上海市公共数据和一网通办管理办法》',
    departmentCode: 'SH-BDC',
    useReasonRequired: true,
    grants: CITIZEN_PROFILE,
    // A counter sends the documented profile and nothing else, at a counter's pace.
    operations: [CITIZEN_PROFILE_OPERATION],
    registeredOperationsOnly: true,
    requestsPerSecond: 50,
    burst: 200,
    rowsPerDay: 200_000,
  },
  {
    code: 'newborn-registration',
    name: '新生儿出生一件事',
    purpose: "Registering a newborn: the parents' basic identity, residence address and marriage certificate.",
    legalBasis: '《中华人民共和国户口登记条例》',
    departmentCode: 'SH-PSB',
    useReasonRequired: true,
    grants: [
      'Query.personByIdNumber',
      'Person.id',
      'Person.name',
      'Person.gender',
      'Person.birthDate',
      'Person.maritalStatus',
      'Person.residenceAddress',
      'Person.residenceDistrict',
      'Person.licenses',
      'Address.fullText',
      'Address.district',
      'Division.code',
      'Division.name',
      'License.name',
      'License.number',
      'License.status',
      'License.statusCode',
      'License.issuedOn',
      'License.identifier',
      'License.type',
      'LicenseType.code',
      'LicenseType.name',
    ],
  },
  {
    code: 'market-supervision',
    name: '市场监管主体查询',
    purpose: "Market supervision looks up registered entities, their representatives' names and their licenses.",
    legalBasis: '《企业信息公示暂行条例》',
    departmentCode: 'SH-AMR',
    useReasonRequired: false,
    grants: [
      'Query.legalEntities',
      'Query.legalEntityByUscc',
      'Query.legalEntity',
      'LegalEntityConnection.nodes',
      'LegalEntityConnection.edges',
      'LegalEntityConnection.pageInfo',
      'LegalEntityEdge.cursor',
      'LegalEntityEdge.node',
      'PageInfo.hasNextPage',
      'PageInfo.endCursor',
      'LegalEntity.id',
      'LegalEntity.uscc',
      'LegalEntity.name',
      'LegalEntity.kind',
      'LegalEntity.status',
      'LegalEntity.legalRepresentative',
      'LegalEntity.registeredCapital',
      'LegalEntity.establishedOn',
      'LegalEntity.businessScope',
      'LegalEntity.industryCode',
      'LegalEntity.registeredAddress',
      'LegalEntity.district',
      'LegalEntity.registrationAuthority',
      'LegalEntity.licenses',
      'Person.name',
      'Person.idNumber',
      'Address.fullText',
      'Division.code',
      'Division.name',
      'License.name',
      'License.number',
      'License.status',
      'License.validUntil',
    ],
    // The representative's identity, masked: enough to recognise, not to learn.
    masks: { 'Person.name': 'NAME', 'Person.idNumber': 'ID_NUMBER' },
  },
  {
    code: 'citizen-self-service',
    name: '随申办 我的档案',
    purpose: "A logged-in citizen sees their own record, licenses and the companies they represent, and nobody else's.",
    legalBasis: '《中华人民共和国个人信息保护法》第四十五条',
    departmentCode: 'SH-BDC',
    useReasonRequired: false,
    constraints: { selfOnly: true },
    grants: [
      'Query.personByIdNumber',
      'Query.licensesByHolder',
      'Person.id',
      'Person.idNumber',
      'Person.name',
      'Person.gender',
      'Person.birthDate',
      'Person.ethnicity',
      'Person.maritalStatus',
      'Person.phone',
      'Person.householdAddress',
      'Person.residenceAddress',
      'Person.licenses',
      'Person.representedEntities',
      'Address.fullText',
      'Address.district',
      'Division.code',
      'Division.name',
      'License.identifier',
      'License.name',
      'License.number',
      'License.status',
      'License.issuedOn',
      'License.validUntil',
      'License.holder',
      'LegalEntity.name',
      'LegalEntity.uscc',
      'LegalEntity.status',
      'LegalEntity.licenses',
      // Who read my data: the population and license databases' disclosure logs on my own records.
      'Person.accessLog',
      'License.accessLog',
      'PopulationDisclosureConnection.nodes',
      'LicenseDisclosureConnection.nodes',
      ...['at', 'department', 'application', 'scenario', 'useReason', 'fields', 'maskedFields'].flatMap((f) => [
        `PopulationDisclosure.${f}`,
        `LicenseDisclosure.${f}`,
      ]),
      'Department.name',
      'Application.name',
      'Scenario.name',
      'Scenario.purpose',
    ],
  },
  {
    code: 'district-office',
    name: '黄浦区街道社区事务受理',
    purpose: 'The Huangpu district office lists and looks up its own residents; ID numbers arrive masked.',
    legalBasis: '《上海市街道办事处条例》',
    departmentCode: 'SH-CAB',
    useReasonRequired: true,
    constraints: { districts: ['310101'], maxRows: 50 },
    grants: [
      'Query.people',
      'Query.person',
      'Query.personByIdNumber',
      'PersonConnection.nodes',
      'PersonConnection.edges',
      'PersonConnection.pageInfo',
      'PersonEdge.cursor',
      'PersonEdge.node',
      'PageInfo.hasNextPage',
      'PageInfo.endCursor',
      'Person.id',
      'Person.idNumber',
      'Person.name',
      // No birth date: it is exactly the digits the ID number's mask hides.
      'Person.gender',
      'Person.residenceAddress',
      'Person.residenceDistrict',
      'Person.householdDistrict',
      'Address.fullText',
      'Division.code',
      'Division.name',
    ],
    masks: { 'Person.idNumber': 'ID_NUMBER' },
  },
  ...SERVICE_SCENARIOS,
];

/**
 * Creates departments (once), then each scenario with one application bound to it and a fresh API key.
 * Returns the keys in clear: the only time they exist outside the caller's hands.
 */
export async function createScenarios(prisma: PrismaClient, scenarios: ScenarioDefinition[], now = new Date()): Promise<ScenarioCredentials[]> {
  // The seed obeys the rule the admin API enforces: no scenario's grants undo one of its masks.
  const undone = scenarios.flatMap((d) =>
    inferenceProblems(
      d.grants.map((coordinate) => ({ coordinate, mask: d.masks?.[coordinate] ?? null })),
      `${d.code}.grants`,
    ).map((p) => `${p.argument}: ${p.reason}`),
  );
  if (undone.length) throw new Error(`scenario grants undo their own masks:\n${undone.join('\n')}`);
  let api: GraphQLSchema | undefined;
  const operationsOf = (definition: ScenarioDefinition) => {
    if (!definition.operations?.length) return [];
    const { operations, problems } = checkOperations((api ??= apiSchema(readSupergraphSdl())), definition.operations, new Set(definition.grants));
    if (problems.length) throw new Error(`${definition.code}: ${problems.map((p) => `${p.argument} ${p.reason}`).join('; ')}`);
    return operations;
  };
  await ensureDepartments(prisma);
  const credentials: ScenarioCredentials[] = [];
  for (const definition of scenarios) {
    const key = issueApiKey();
    const applicationId = randomUUID();
    await prisma.$transaction([
      prisma.application.create({ data: { id: applicationId, name: `${definition.name} (demo app)`, departmentCode: definition.departmentCode } }),
      prisma.apiKey.create({ data: { id: randomUUID(), applicationId, prefix: key.prefix, hash: key.hash } }),
      prisma.scenario.create({
        data: {
          code: definition.code,
          name: definition.name,
          purpose: definition.purpose,
          legalBasis: definition.legalBasis,
          departmentCode: definition.departmentCode,
          useReasonRequired: definition.useReasonRequired,
          constraints: definition.constraints ?? {},
          validFrom: now,
          registeredOperationsOnly: definition.registeredOperationsOnly ?? false,
          requestsPerSecond: definition.requestsPerSecond ?? null,
          burst: definition.burst ?? null,
          rowsPerDay: definition.rowsPerDay ?? null,
          grants: { create: definition.grants.map((coordinate) => ({ coordinate, mask: definition.masks?.[coordinate] ?? null })) },
          operations: { create: operationsOf(definition) },
        },
      }),
      prisma.scenarioApplication.create({ data: { scenarioCode: definition.code, applicationId } }),
    ]);
    credentials.push({ code: definition.code, apiKey: key.secret, grants: [...definition.grants].sort(), constraints: definition.constraints ?? {} });
  }
  return credentials;
}
