export { createDisclosureLog, createRequestLog, DISCLOSURE_LOG, REQUEST_LOG } from './logs';
export type { AuditCaller, AuditLog, DisclosureRecord, RequestRecord } from './logs';
export { DisclosureRecorder } from './disclosureRecorder';
export { createGroupCommit } from './groupCommit';
export type { GroupCommit, GroupCommitOptions } from './groupCommit';
export { createChainWriter, GENESIS_HASH, recordHash, verifyChain } from './hashChain';
export type { ChainReport, ChainTable } from './hashChain';
