export { openDatabase, isPostgresUrl } from './openDatabase';
export { DataDirInUseError } from './dataDirLock';
export type { Database, DatabaseOptions, Queryable, QueryOptions, StatementCounter } from './openDatabase';
export { migrateDatabase, pendingMigrations, requireCurrentMigrations, schemaDrift, createMigration } from './migrations';
export type { MigrationSource } from './migrations';
export { isDatabaseUnavailable } from './unavailable';
