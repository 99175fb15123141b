import { readFileSync } from 'node:fs';
import path from 'node:path';
import { bindMigrationAwareSqlAdapterFactory, type SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import * as bg from '@prisma/schema-engine-wasm/schema_engine_bg';

type SchemaEngine = Awaited<ReturnType<typeof bg.SchemaEngine.new>>;
export type { SchemaEngine };

let wasmModule: WebAssembly.Module | undefined;
let instantiated = false;

/**
 * Prisma's schema engine compiled to WebAssembly: migrations without the native binary the CLI would
 * download. The wasm-bindgen glue keeps one instance per process, so it is instantiated once.
 */
function ensureInstantiated(): void {
  if (instantiated) return;
  wasmModule ??= new WebAssembly.Module(
    // The package exports only its JavaScript; the .wasm file sits beside it.
    readFileSync(path.join(path.dirname(require.resolve('@prisma/schema-engine-wasm/schema_engine_bg')), 'schema_engine_bg.wasm')),
  );
  const instance = new WebAssembly.Instance(wasmModule, { './schema_engine_bg.js': bg as unknown as WebAssembly.ModuleImports });
  bg.__wbg_set_wasm(instance.exports);
  (instance.exports as { __wbindgen_start?: () => void }).__wbindgen_start?.();
  instantiated = true;
}

/** Opens a schema engine for one datamodel over a driver adapter. `log` receives the engine's JSON log lines. */
export async function openSchemaEngine(
  schemaPath: string,
  schemaText: string,
  adapter: SqlMigrationAwareDriverAdapterFactory,
  log: (line: string) => void = () => {},
): Promise<SchemaEngine> {
  ensureInstantiated();
  return bg.SchemaEngine.new({ datamodels: [[schemaPath, schemaText]] }, log, bindMigrationAwareSqlAdapterFactory(adapter));
}
