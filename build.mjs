// The production build of one workspace (`npm run build` runs it in each): every TypeScript source in
// src/ (and a package's generated code) becomes CommonJS in dist/, file by file, as tsx runs it in
// development, so the services run on plain node with the `production` export condition (see the
// packages' "exports"). Types are checked by `npm run typecheck`, not here; tests are not built.
import { build } from 'esbuild';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';

const SOURCE_FOLDERS = ['src', 'generated'];

function sources(folder) {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(folder, entry.name);
    if (entry.isDirectory()) return entry.name === '__tests__' ? [] : sources(full);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [full] : [];
  });
}

const folders = SOURCE_FOLDERS.filter((folder) => existsSync(folder));
rmSync('dist', { recursive: true, force: true });
await build({
  entryPoints: folders.flatMap(sources),
  outdir: 'dist',
  // dist/ mirrors src/ (dist/index.js), or, with generated code beside it, the package (dist/src/index.js).
  outbase: folders.length === 1 ? folders[0] : '.',
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: true,
  logLevel: 'warning',
});
