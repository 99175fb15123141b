// `npm run bench:footprint`: the resident memory of `npm start` with the default city, as a newcomer runs
// it (TypeScript through tsx) and as the production build runs it (compiled JavaScript on plain node), side
// by side in one run: idle after a later start, and at its peak under a search load.
import { execFile, execSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { demoKey } from '@civicgraph/platform';

const ROOT = path.resolve(__dirname, '../../..');
const RESULTS = path.join(__dirname, '../results');
const PORT = 4900;
const LOAD_SECONDS = 20;

interface Variant {
  name: string;
  command: string[];
}

const VARIANTS: Variant[] = [
  { name: 'npm start (TypeScript through tsx)', command: [process.execPath, path.join(ROOT, 'tools/cli/bin/civicgraph.js'), 'start'] },
  {
    name: 'production build (node --conditions=production)',
    command: [process.execPath, '--conditions=production', path.join(ROOT, 'tools/cli/dist/main.js'), 'start'],
  },
];

interface Footprint {
  variant: string;
  idleRssMiB: number;
  peakRssUnderLoadMiB: number;
  requests: number;
}

/** Resident set size of a process, MiB (Linux). */
const rssMiB = (pid: number) => Math.round(Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) / 1024);

function start(variant: Variant, dataDir: string, watch?: (pid: number) => () => void): Promise<ChildProcess> {
  const child = spawn(variant.command[0]!, variant.command.slice(1), {
    env: { ...process.env, PORT: String(PORT), CIVICGRAPH_DATA_DIR: dataDir, LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
    cwd: ROOT,
  });
  const unwatch = watch?.(child.pid!);
  child.once('exit', () => unwatch?.());
  let output = '';
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`${variant.name} exited (${code}):\n${output}`)));
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('CivicGraph is running.')) resolve(child);
    };
    child.stdout!.on('data', read);
    child.stderr!.on('data', read);
  });
}

async function stop(child: ChildProcess): Promise<void> {
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

async function measure(variant: Variant, dataDir: string): Promise<Footprint> {
  // A later start: the city is seeded (the first start's bulk load is not what a running city holds).
  const child = await start(variant, dataDir);
  await new Promise((resolve) => setTimeout(resolve, 5_000));
  const idleRssMiB = rssMiB(child.pid!);
  const key = demoKey(dataDir, 'district-office');
  let peak = idleRssMiB;
  const sampler = setInterval(() => (peak = Math.max(peak, rssMiB(child.pid!))), 100);
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [
      require.resolve('autocannon/autocannon.js'),
      ...['-c', '8', '-d', String(LOAD_SECONDS), '-m', 'POST', '-j'],
      ...['-H', 'content-type=application/json', '-H', `authorization=Bearer ${key}`, '-H', 'x-use-reason=footprint'],
      ...[
        '-b',
        JSON.stringify({
          query: '{ people(filter: { residenceDistrictCode: "310101" }, first: 50) { nodes { name idNumber residenceAddress { fullText } } } }',
        }),
      ],
      `http://127.0.0.1:${PORT}/graphql`,
    ],
    { maxBuffer: 64 * 1024 * 1024 },
  );
  clearInterval(sampler);
  await stop(child);
  return { variant: variant.name, idleRssMiB, peakRssUnderLoadMiB: peak, requests: (JSON.parse(stdout) as { requests: { total: number } }).requests.total };
}

async function main() {
  execSync('npm run -s build', { cwd: ROOT, stdio: 'inherit' });
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'civicgraph-footprint-'));
  try {
    // The first start migrates and seeds the default city (its peak is reported too); both variants then
    // serve the same folder.
    let firstStartPeakMiB = 0;
    const first = start(VARIANTS[0]!, dataDir, (pid) => {
      const sampler = setInterval(() => {
        try {
          firstStartPeakMiB = Math.max(firstStartPeakMiB, rssMiB(pid));
        } catch {
          clearInterval(sampler);
        }
      }, 100);
      return () => clearInterval(sampler);
    });
    await stop(await first);
    const results: Footprint[] = [];
    for (const variant of VARIANTS) results.push(await measure(variant, dataDir));
    const machine = { cpus: os.cpus().length, cpu: os.cpus()[0]?.model ?? 'unknown', memoryGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version };
    const commit = execSync('git rev-parse --short HEAD', { cwd: ROOT }).toString().trim();
    const date = new Date().toISOString().slice(0, 10);
    writeFileSync(
      path.join(RESULTS, 'footprint.json'),
      `${JSON.stringify({ date, commit, machine, loadSeconds: LOAD_SECONDS, firstStartPeakMiB, results }, null, 2)}\n`,
    );
    writeFileSync(
      path.join(RESULTS, 'footprint.md'),
      [
        `# Footprint, ${date} (commit ${commit})`,
        '',
        `Machine: ${machine.cpus} × ${machine.cpu}, ${machine.memoryGiB} GiB, Node.js ${machine.node}. \`npm start\` with the default city (10,000 residents, five embedded PGlite databases, \`PGLITE_SHARED_BUFFERS\` at its default) in one process: resident memory 5 s after a later start, and the highest sampled every 100 ms during ${LOAD_SECONDS} s of the district office's people search (50 rows with addresses, 8 connections). The target is at most 1 GiB.`,
        '',
        '| variant | idle RSS MiB | peak RSS under load MiB | requests |',
        '| --- | ---: | ---: | ---: |',
        ...results.map((r) => `| ${r.variant} | ${r.idleRssMiB} | ${r.peakRssUnderLoadMiB} | ${r.requests} |`),
        '',
        `The first start (migrating the five databases one at a time, seeding the city, reopening the databases) peaked at ${firstStartPeakMiB} MiB.`,
        '',
      ].join('\n'),
    );
    console.log(readFileSync(path.join(RESULTS, 'footprint.md'), 'utf8'));
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
