export { createDisclosureLog, createRequestLog, DISCLOSURE_LOG, REQUEST_LOG } from './logs';
export type { AuditCaller, AuditLog, DisclosureRecord, LogOptions, Released, RequestRecord } from './logs';
export { openSpool } from './spool';
export type { Spool, SpooledRow } from './spool';
export { DisclosureRecorder } from './disclosureRecorder';
export { createGroupCommit } from './groupCommit';
export type { GroupCommit, GroupCommitOptions } from './groupCommit';
export { createChainWriter, GENESIS_HASH, recordHash, verifyChain } from './hashChain';
export type { ChainAnchor, ChainReport, ChainTable } from './hashChain';
