import { createHash } from 'node:crypto';
import type { BASE_DATABASE_NAMES } from '@civicgraph/prisma';
import { catalogItems, UPDATE_CYCLES } from '@civicgraph/schema';
import { missingSql, validIdNumberSql, validUsccSql } from './sqlChecks';

export type BaseDatabaseName = (typeof BASE_DATABASE_NAMES)[number];

/** GB/T 36344-2018 dimensions, as DB31/T 1523 measures them: each a rate of records that pass. */
export const QUALITY_DIMENSIONS = ['COMPLETENESS', 'VALIDITY', 'UNIQUENESS', 'CONSISTENCY', 'TIMELINESS'] as const;
export type QualityDimension = (typeof QUALITY_DIMENSIONS)[number];

interface RuleBase {
  /** Stable code, e.g. `person.id-number.valid`; issues and results are kept under it. */
  code: string;
  dimension: QualityDimension;
  /** The catalog coordinate of the data item checked; its owner is the department accountable. */
  item: string;
  /** The database the checked records live in (the item's owner's). */
  database: BaseDatabaseName;
  table: string;
  description: string;
}

/**
 * A check the owner's own database answers in one statement: `sql` selects every record in scope as
 * `key` (text) and `fails` (boolean). `$1` is the day checked (`YYYY-MM-DD`, Shanghai), `$2` the instant.
 */
export interface OwnerRule extends RuleBase {
  kind: 'owner';
  sql: string;
}

/** What the other owners answered through the platform (under the quality supervision scenario). */
export interface PlatformView {
  /** Residents by ID number. */
  residents: ReadonlyMap<string, { id: string; name: string; deathDate: string | null }>;
  /** The district of each resident's residence address, as the spatial owner has it; null when it has no such address. */
  residenceAddressDistricts: ReadonlyMap<string, string | null>;
  /** District codes the spatial owner knows. */
  districts: ReadonlySet<string>;
}

export type Verdict = 'pass' | 'fail' | 'out-of-scope';

/**
 * A check across owners: the owner's side from its own database (`sql` selects `key` and the values
 * compared), the other side from what the platform answered; `judge` compares one record.
 */
export interface CrossRule extends RuleBase {
  kind: 'cross';
  sql: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- rows are shaped by the rule's own `sql`
  judge(row: Record<string, any>, platform: PlatformView, asOf: string): Verdict;
}

export type QualityRule = OwnerRule | CrossRule;

/** Longest time a table may go without any update before its data is late, per the catalog's update cycle. */
const ALLOWED_GAP_DAYS: Record<(typeof UPDATE_CYCLES)[number], number> = {
  REAL_TIME: 1,
  DAILY: 2,
  WEEKLY: 8,
  MONTHLY: 32,
  QUARTERLY: 93,
  HALF_YEARLY: 184,
  YEARLY: 366,
};

function freshness(code: string, database: BaseDatabaseName, table: string, item: string): OwnerRule {
  const entry = catalogItems().find((i) => i.coordinate === item);
  if (!entry) throw new Error(`quality rule ${code}: ${item} is not in the catalog`);
  const days = ALLOWED_GAP_DAYS[entry.updateCycle];
  return {
    kind: 'owner',
    code,
    dimension: 'TIMELINESS',
    item,
    database,
    table,
    description: `表 ${table} 按目录更新周期（${entry.updateCycle}）更新：最近一次更新不早于 ${days} 天前 — the table was updated within its catalog update cycle`,
    sql: `SELECT '${table}' AS key, coalesce(max(updated_at) < $2::timestamptz - interval '${days} days', true) AS fails FROM ${table}`,
  };
}

const BIRTH_DATE_IN_ID = `substr(id_number, 7, 8) = to_char(birth_date, 'YYYYMMDD')`;

/** The rules in force. Each names a catalogued item of its database's owner (a test holds them to the catalog). */
export const QUALITY_RULES: readonly QualityRule[] = [
  // Population (SH-PSB)
  {
    kind: 'owner',
    code: 'person.name.required',
    dimension: 'COMPLETENESS',
    item: 'Person.name',
    database: 'population',
    table: 'person',
    description: '姓名必填 — every resident has a name',
    sql: `SELECT id::text AS key, ${missingSql('name')} AS fails FROM person`,
  },
  {
    kind: 'owner',
    code: 'person.ethnicity.required',
    dimension: 'COMPLETENESS',
    item: 'Person.ethnicity',
    database: 'population',
    table: 'person',
    description: '民族必填 — every resident has an ethnic group',
    sql: `SELECT id::text AS key, ${missingSql('ethnicity')} AS fails FROM person`,
  },
  {
    kind: 'owner',
    code: 'person.id-number.valid',
    dimension: 'VALIDITY',
    item: 'Person.idNumber',
    database: 'population',
    table: 'person',
    description: '公民身份号码符合 GB 11643 校验 — the ID number is well formed and its check character is right',
    sql: `SELECT id::text AS key, NOT ${validIdNumberSql('id_number')} AS fails FROM person`,
  },
  {
    kind: 'owner',
    code: 'person.id-number.birth-date',
    dimension: 'CONSISTENCY',
    item: 'Person.birthDate',
    database: 'population',
    table: 'person',
    description: '出生日期与公民身份号码一致 — the birth date is the one the ID number encodes',
    sql: `SELECT id::text AS key, NOT (${BIRTH_DATE_IN_ID}) AS fails FROM person`,
  },
  {
    kind: 'owner',
    code: 'person.id-number.unique',
    dimension: 'UNIQUENESS',
    item: 'Person.idNumber',
    database: 'population',
    table: 'person',
    description: '公民身份号码唯一 — no two residents share an ID number',
    sql: `SELECT id::text AS key, count(*) OVER (PARTITION BY id_number) > 1 AS fails FROM person`,
  },
  {
    kind: 'owner',
    code: 'person.registered-once',
    dimension: 'UNIQUENESS',
    item: 'Person.id',
    database: 'population',
    table: 'person',
    description: '一人一档：同名、同性别、同出生日期、同户籍地址者不重复登记 — one resident is registered once',
    sql: `SELECT id::text AS key, count(*) OVER (PARTITION BY name, gender, birth_date, household_address_id) > 1 AS fails FROM person`,
  },
  {
    kind: 'owner',
    code: 'person.phone.format',
    dimension: 'VALIDITY',
    item: 'Person.phone',
    database: 'population',
    table: 'person',
    description: '手机号码为 11 位有效号段 — a mobile number has 11 digits in a mobile range',
    sql: `SELECT id::text AS key, phone !~ '^1[3-9][0-9]{9}$' AS fails FROM person WHERE phone IS NOT NULL`,
  },
  {
    kind: 'owner',
    code: 'person.dates.plausible',
    dimension: 'VALIDITY',
    item: 'Person.deathDate',
    database: 'population',
    table: 'person',
    description: '出生、死亡日期合理：不早于 1900 年、不晚于检查日、死亡不早于出生 — birth and death dates are plausible',
    sql: `SELECT id::text AS key, (birth_date < DATE '1900-01-01' OR birth_date > $1::date OR death_date < birth_date OR death_date > $1::date) IS TRUE AS fails FROM person`,
  },
  freshness('person.timely', 'population', 'person', 'Query.people'),
  // Legal entities (SH-AMR)
  {
    kind: 'owner',
    code: 'legal-entity.uscc.valid',
    dimension: 'VALIDITY',
    item: 'LegalEntity.uscc',
    database: 'legal-entity',
    table: 'legal_entity',
    description: '统一社会信用代码符合 GB 32100 校验 — the USCC is well formed and its check character is right',
    sql: `SELECT id::text AS key, NOT ${validUsccSql('uscc')} AS fails FROM legal_entity`,
  },
  {
    kind: 'owner',
    code: 'legal-entity.uscc.unique',
    dimension: 'UNIQUENESS',
    item: 'LegalEntity.uscc',
    database: 'legal-entity',
    table: 'legal_entity',
    description: '统一社会信用代码唯一 — no two entities share a USCC',
    sql: `SELECT id::text AS key, count(*) OVER (PARTITION BY uscc) > 1 AS fails FROM legal_entity`,
  },
  {
    kind: 'owner',
    code: 'legal-entity.business-scope.required',
    dimension: 'COMPLETENESS',
    item: 'LegalEntity.businessScope',
    database: 'legal-entity',
    table: 'legal_entity',
    description: '经营范围必填 — every entity states its business scope',
    sql: `SELECT id::text AS key, ${missingSql('business_scope')} AS fails FROM legal_entity`,
  },
  {
    kind: 'owner',
    code: 'legal-entity.representative-id-number.valid',
    dimension: 'VALIDITY',
    item: 'LegalEntity.legalRepresentative',
    database: 'legal-entity',
    table: 'legal_entity',
    description: '法定代表人公民身份号码符合校验 — the representative’s ID number is valid',
    sql: `SELECT id::text AS key, NOT ${validIdNumberSql('representative_id_number')} AS fails FROM legal_entity WHERE representative_id_number IS NOT NULL`,
  },
  {
    kind: 'owner',
    code: 'legal-entity.dates.plausible',
    dimension: 'VALIDITY',
    item: 'LegalEntity.establishedOn',
    database: 'legal-entity',
    table: 'legal_entity',
    description: '成立日期不晚于检查日，注册资本不为负 — founded by the day checked, capital not negative',
    sql: `SELECT id::text AS key, (established_on > $1::date OR registered_capital < 0) IS TRUE AS fails FROM legal_entity`,
  },
  freshness('legal-entity.timely', 'legal-entity', 'legal_entity', 'Query.legalEntities'),
  // Spatial geography (SH-PNR)
  {
    kind: 'owner',
    code: 'address.division.exists',
    dimension: 'VALIDITY',
    item: 'Address.division',
    database: 'spatial',
    table: 'address',
    description: '地址所属街镇存在于区划库 — an address lies in a known township',
    sql: `SELECT a.id::text AS key, d.code IS NULL AS fails FROM address a LEFT JOIN division d ON d.code = a.division_code`,
  },
  {
    kind: 'owner',
    code: 'address.district.consistent',
    dimension: 'CONSISTENCY',
    item: 'Address.district',
    database: 'spatial',
    table: 'address',
    description: '地址所属区与街镇一致 — an address’s district is its township’s',
    sql: `SELECT id::text AS key, district_code <> left(division_code, 6) AS fails FROM address`,
  },
  {
    kind: 'owner',
    code: 'address.full-text.required',
    dimension: 'COMPLETENESS',
    item: 'Address.fullText',
    database: 'spatial',
    table: 'address',
    description: '地址全称必填 — every address has its full text',
    sql: `SELECT id::text AS key, ${missingSql('full_text')} AS fails FROM address`,
  },
  {
    kind: 'owner',
    code: 'address.coordinates.in-city',
    dimension: 'VALIDITY',
    item: 'Address.latitude',
    database: 'spatial',
    table: 'address',
    description: '坐标位于本市范围（北纬 30.6°–31.9°，东经 120.8°–122.2°）— coordinates lie in the city',
    sql: `SELECT id::text AS key, NOT (latitude BETWEEN 30.6 AND 31.9 AND longitude BETWEEN 120.8 AND 122.2) AS fails FROM address`,
  },
  freshness('address.timely', 'spatial', 'address', 'Query.address'),
  // Electronic licenses (SH-BDC)
  {
    kind: 'owner',
    code: 'license.identifier.unique',
    dimension: 'UNIQUENESS',
    item: 'License.identifier',
    database: 'e-license',
    table: 'license',
    description: '证照标识唯一 — no two licenses share an identifier',
    sql: `SELECT id::text AS key, count(*) OVER (PARTITION BY identifier) > 1 AS fails FROM license`,
  },
  {
    kind: 'owner',
    code: 'license.holder-identifier.valid',
    dimension: 'VALIDITY',
    item: 'License.holderIdentifier',
    database: 'e-license',
    table: 'license',
    description: '持证主体代码符合校验（身份号码或统一社会信用代码）— the holder’s ID number or USCC is valid',
    sql: `SELECT id::text AS key, NOT (CASE holder_identifier_type WHEN '111' THEN ${validIdNumberSql('holder_identifier')} WHEN '001' THEN ${validUsccSql('holder_identifier')} ELSE false END) AS fails FROM license`,
  },
  {
    kind: 'owner',
    code: 'license.validity.ordered',
    dimension: 'VALIDITY',
    item: 'License.validUntil',
    database: 'e-license',
    table: 'license',
    description: '有效期截止不早于起始 — a license is valid until after it is valid from',
    sql: `SELECT id::text AS key, (valid_until < valid_from) IS TRUE AS fails FROM license`,
  },
  {
    kind: 'owner',
    code: 'license.status.current',
    dimension: 'TIMELINESS',
    item: 'License.status',
    database: 'e-license',
    table: 'license',
    description: '过期证照状态已更新：有效期已过者不再为“有效” — a license past its validity is no longer VALID',
    sql: `SELECT id::text AS key, (status = 'VALID' AND valid_until < $1::date) IS TRUE AS fails FROM license`,
  },
  freshness('license.timely', 'e-license', 'license', 'Query.license'),
  // Across owners, through the platform
  {
    kind: 'cross',
    code: 'license.holder.resident',
    dimension: 'CONSISTENCY',
    item: 'License.holder',
    database: 'e-license',
    table: 'license',
    description: '个人持证主体为本市登记人口（与人口库核对）— a person’s license names a registered resident (checked with the population owner)',
    sql: `SELECT id::text AS key, holder_identifier FROM license WHERE holder_kind = 'PERSON'`,
    judge: (row, platform) => (platform.residents.has(row.holder_identifier) ? 'pass' : 'fail'),
  },
  {
    kind: 'cross',
    code: 'license.holder-name.matches',
    dimension: 'CONSISTENCY',
    item: 'License.holderName',
    database: 'e-license',
    table: 'license',
    description: '持证人姓名与人口库一致 — the holder’s name on a license is the resident’s name',
    sql: `SELECT id::text AS key, holder_identifier, holder_name FROM license WHERE holder_kind = 'PERSON'`,
    judge: (row, platform) => {
      const resident = platform.residents.get(row.holder_identifier);
      if (!resident) return 'out-of-scope';
      return resident.name === row.holder_name ? 'pass' : 'fail';
    },
  },
  {
    kind: 'cross',
    code: 'license.holder.alive',
    dimension: 'CONSISTENCY',
    item: 'License.status',
    database: 'e-license',
    table: 'license',
    description: '已死亡人员不持有效期内证照（与人口库核对）— no license of a deceased resident is still VALID',
    sql: `SELECT id::text AS key, holder_identifier FROM license WHERE holder_kind = 'PERSON' AND status = 'VALID' AND valid_until IS NOT NULL`,
    judge: (row, platform, asOf) => {
      const resident = platform.residents.get(row.holder_identifier);
      if (!resident) return 'out-of-scope';
      return resident.deathDate && resident.deathDate <= asOf ? 'fail' : 'pass';
    },
  },
  {
    kind: 'cross',
    code: 'legal-entity.representative.resident',
    dimension: 'CONSISTENCY',
    item: 'LegalEntity.legalRepresentative',
    database: 'legal-entity',
    table: 'legal_entity',
    description: '法定代表人为本市登记人口（与人口库核对）— an entity’s representative is a registered resident',
    sql: `SELECT id::text AS key, representative_id_number FROM legal_entity WHERE representative_id_number IS NOT NULL`,
    judge: (row, platform) => (platform.residents.has(row.representative_id_number) ? 'pass' : 'fail'),
  },
  {
    kind: 'cross',
    code: 'person.residence-address.exists',
    dimension: 'CONSISTENCY',
    item: 'Person.residenceAddress',
    database: 'population',
    table: 'person',
    description: '居住地址存在于地址库（与空间地理库核对）— a residence address exists in the spatial database',
    sql: `SELECT id::text AS key FROM person WHERE residence_address_id IS NOT NULL`,
    judge: (row, platform) => (platform.residenceAddressDistricts.get(row.key) ? 'pass' : 'fail'),
  },
  {
    kind: 'cross',
    code: 'person.residence-district.matches-address',
    dimension: 'CONSISTENCY',
    item: 'Person.residenceDistrict',
    database: 'population',
    table: 'person',
    description: '居住地所属区与居住地址所在区一致（与空间地理库核对）— the residence district is the residence address’s',
    sql: `SELECT id::text AS key, residence_district_code FROM person WHERE residence_address_id IS NOT NULL`,
    judge: (row, platform) => {
      const district = platform.residenceAddressDistricts.get(row.key);
      if (!district) return 'out-of-scope';
      return district === row.residence_district_code ? 'pass' : 'fail';
    },
  },
  {
    kind: 'cross',
    code: 'person.districts.exist',
    dimension: 'VALIDITY',
    item: 'Person.householdDistrict',
    database: 'population',
    table: 'person',
    description: '户籍地、居住地区划代码存在于区划库（与空间地理库核对）— household and residence districts are known divisions',
    sql: `SELECT id::text AS key, household_district_code, residence_district_code FROM person`,
    judge: (row, platform) => (platform.districts.has(row.household_district_code) && platform.districts.has(row.residence_district_code) ? 'pass' : 'fail'),
  },
];

/** The rules' version: changes whenever a rule's statement, comparison or item changes, so trends compare like with like. */
export function rulesetVersion(rules: readonly QualityRule[] = QUALITY_RULES): string {
  const hash = createHash('sha256');
  for (const rule of rules)
    hash.update(
      JSON.stringify([rule.code, rule.dimension, rule.item, rule.database, rule.table, rule.sql, rule.kind === 'cross' ? rule.judge.toString() : '']),
    );
  return hash.digest('hex').slice(0, 16);
}
