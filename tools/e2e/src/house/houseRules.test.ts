import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

/**
 * The levels of DESIGN.md, held: libraries import only libraries, services only libraries (never each
 * other), tools anything. Read from every workspace's package.json and every import in its sources.
 */
const ROOT = path.resolve(__dirname, '../../../..');

type Level = 'library' | 'service' | 'tool';

interface Workspace {
  name: string;
  folder: string;
  level: Level;
}

function levelOf(folder: string): Level {
  if (folder.startsWith('tools/')) return 'tool';
  if (folder === 'gateway' || folder.startsWith('subgraphs/')) return 'service';
  return 'library';
}

function workspaces(): Workspace[] {
  const patterns: string[] = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')).workspaces;
  return patterns.flatMap((pattern) => {
    const folders = pattern.endsWith('/*') ? readdirSync(path.join(ROOT, pattern.slice(0, -2))).map((f) => `${pattern.slice(0, -2)}/${f}`) : [pattern];
    return folders
      .filter((folder) => {
        try {
          return statSync(path.join(ROOT, folder, 'package.json')).isFile();
        } catch {
          return false;
        }
      })
      .map((folder) => ({ folder, level: levelOf(folder), name: JSON.parse(readFileSync(path.join(ROOT, folder, 'package.json'), 'utf8')).name as string }));
  });
}

function sourceFiles(folder: string): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.name === 'node_modules' || entry.name === 'generated') continue;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (/\.tsx?$/.test(entry.name)) found.push(full);
    }
  };
  const src = path.join(ROOT, folder, 'src');
  try {
    walk(src);
  } catch {
    // A workspace without sources (prisma's generated clients live elsewhere).
  }
  return found;
}

describe('the house keeps its levels (DESIGN.md)', () => {
  const all = workspaces();
  const byName = new Map(all.map((w) => [w.name, w]));

  it('has a level for every workspace, and every level has rooms', () => {
    expect(new Set(all.map((w) => w.level))).toEqual(new Set(['library', 'service', 'tool']));
  });

  it('imports downwards only: libraries import libraries, services libraries, never another service', () => {
    const wrong: string[] = [];
    for (const workspace of all) {
      if (workspace.level === 'tool') continue;
      const pkg = JSON.parse(readFileSync(path.join(ROOT, workspace.folder, 'package.json'), 'utf8'));
      const declared = Object.keys({ ...pkg.dependencies, ...pkg.devDependencies });
      const imported = sourceFiles(workspace.folder).flatMap((file) =>
        [...readFileSync(file, 'utf8').matchAll(/from '(@civicgraph\/[^'/]+)/g)].map((m) => m[1]!),
      );
      for (const dependency of new Set([...declared, ...imported])) {
        const target = byName.get(dependency);
        if (!target || target === workspace) continue;
        if (target.level !== 'library') wrong.push(`${workspace.folder} (${workspace.level}) imports ${target.folder} (${target.level})`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('gives every workspace its one line in DESIGN.md, and DESIGN.md names no room that is gone', () => {
    const design = readFileSync(path.join(ROOT, 'DESIGN.md'), 'utf8');
    const rooms = [...design.matchAll(/^\| `([^`]+)` \| (library|service|tool) \|/gm)].map((m) => ({ room: m[1]!.replace(/\/$/, ''), level: m[2] }));
    const roomOf = (w: Workspace) => rooms.find((r) => r.room === w.folder || (r.room === 'subgraphs/<name>' && w.folder.startsWith('subgraphs/')));
    expect(all.filter((w) => roomOf(w)?.level !== w.level).map((w) => w.folder)).toEqual([]);
    expect(rooms.filter((r) => r.room !== 'subgraphs/<name>' && !all.some((w) => w.folder === r.room)).map((r) => r.room)).toEqual([]);
  });
});
