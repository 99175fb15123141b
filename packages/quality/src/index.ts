export { QUALITY_RULES, QUALITY_DIMENSIONS, rulesetVersion } from './rules';
export type { QualityRule, OwnerRule, CrossRule, QualityDimension, BaseDatabaseName, PlatformView, Verdict } from './rules';
export { runQuality } from './runQuality';
export type { QualityRunResult, RuleOutcome, RunQualityOptions, QualityProgress } from './runQuality';
export { QUALITY_SUPERVISION_GRANTS, RESIDENTS_PAGE, DISTRICTS, readPlatformView } from './platformView';
export type { PlatformClient } from './platformView';
export { validIdNumberSql, validUsccSql, missingSql } from './sqlChecks';
export { createPlatformClient, PlatformReadError } from './platformClient';
export type { PlatformClientOptions } from './platformClient';
