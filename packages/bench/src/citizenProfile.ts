/**
 * Citizen-profile benchmark, all cases in one run over one city, 20 connections:
 * - the four-subgraph query through the governed gateway (enforcement and audit on) and through a second
 *   stack with the audit trail off: the cost of auditing (durable, hash-chained, group-committed logs);
 * - that unaudited stack against a third with grant enforcement off too: the cost of enforcement.
 *   Each pair is measured in ABBA order (A, B, B, A) so a drift in the shared machine's speed falls on
 *   both alike, repeated `--rounds` times;
 * - the population part of it sent to the population subgraph alone: the cost of federation;
 * - the same query through a single-process gateway (subgraphs in its process, no HTTP hop).
 * Besides throughput, each run records the servers' CPU time per request, far steadier on a shared machine.
 * Prints a markdown table and writes results/citizen-profile.json.
 * Usage: npm run bench [-- --persons N --seconds S --rounds R]
 */
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { EXAMPLE_QUERY } from '@civicgraph/cli';
import { startCivicGraph } from '@civicgraph/platform';
import { metrics } from '@civicgraph/observability';
import { createLogger } from '@civicgraph/server';
import { CONTEXT_HEADER, generateContextSigningKey, signRequestContext } from '@civicgraph/policy';
import { openSeededCity } from '@civicgraph/testing';
import { runLoad, type LoadResult } from './runLoad';

const POPULATION_ONLY = `query CitizenProfile($idNumber: String!) { personByIdNumber(idNumber: $idNumber) { name gender birthDate } }`;

async function main() {
  const { values } = parseArgs({ options: { persons: { type: 'string', default: '10000' }, seconds: { type: 'string', default: '10' }, connections: { type: 'string', default: '20' }, rounds: { type: 'string', default: '4' } } });
  const rounds = Number(values.rounds);
  const persons = Number(values.persons);
  const seconds = Number(values.seconds);
  const connections = Number(values.connections);
  const { dbs, apiKey } = await openSeededCity({ persons, seed: 2260 });
  const contextKey = generateContextSigningKey();
  const logger = createLogger({ name: 'bench', level: 'silent' });
  const app = await startCivicGraph({ dbs, contextKey, logger, port: 0, subgraphPorts: 0 });
  const unaudited = await startCivicGraph({ dbs, contextKey, logger, port: 0, subgraphPorts: 0, audit: 'off-for-benchmark' });
  const unenforced = await startCivicGraph({ dbs, contextKey, logger, port: 0, subgraphPorts: 0, enforcement: 'off-for-benchmark', audit: 'off-for-benchmark' });
  const singleProcess = await startCivicGraph({ dbs, contextKey, logger, port: 0, transport: 'in-process' });
  try {
    const [entity] = await dbs['legal-entity'].query<{ representative_id: string }>(`SELECT representative_id FROM legal_entity WHERE status = 'ACTIVE' ORDER BY id LIMIT 1`);
    const [person] = await dbs.population.query<{ id_number: string }>('SELECT id_number FROM person WHERE id = $1', [entity!.representative_id]);
    const variables = { idNumber: person!.id_number };
    // The subgraph serves only gateway-signed requests: one context, valid for the whole run.
    const context = await signRequestContext(
      { requestId: 'bench', app: 'bench', department: 'BENCH', scenario: 'test-all-fields', grantVersion: 1, subject: null, useReason: null, grants: ['Query.personByIdNumber', 'Person.name', 'Person.gender', 'Person.birthDate'], masks: {}, constraints: {} },
      contextKey.privateKey,
      { audience: 'population', ttlSeconds: (2 * rounds + 4) * (seconds + 5) + 120 },
    );
    const profile = JSON.stringify({ query: EXAMPLE_QUERY, variables });
    interface Case {
      name: string;
      url: string;
      body: string;
      headers: Record<string, string>;
    }
    const governedCase: Case = { name: 'gateway, enforcement on, audit on: citizen profile (4 subgraphs)', url: app.url, body: profile, headers: { authorization: `Bearer ${apiKey}` } };
    const enforcedCase: Case = { name: 'gateway, enforcement on, audit off: citizen profile', url: unaudited.url, body: profile, headers: { authorization: `Bearer ${apiKey}` } };
    const offCase: Case = { name: 'gateway, enforcement off, audit off: citizen profile', url: unenforced.url, body: profile, headers: { authorization: `Bearer ${apiKey}` } };
    const aloneCase: Case = { name: 'population subgraph alone (its fields only)', url: app.subgraphUrls.population, body: JSON.stringify({ query: POPULATION_ONLY, variables }), headers: { [CONTEXT_HEADER]: context } };
    const singleProcessCase: Case = { name: 'single-process gateway, enforcement on, audit on: citizen profile', url: singleProcess.url, body: profile, headers: { authorization: `Bearer ${apiKey}` } };
    const cases = [governedCase, enforcedCase, offCase, aloneCase, singleProcessCase];
    for (const c of cases) {
      const response = await fetch(c.url, { method: 'POST', headers: { 'content-type': 'application/json', ...c.headers }, body: c.body });
      const json = (await response.json()) as { errors?: unknown; data?: { personByIdNumber?: unknown } };
      if (json.errors || !json.data?.personByIdNumber) throw new Error(`${c.name}: unexpected response ${JSON.stringify(json)}`);
    }
    // Warm-up as long as a measured run: JIT, connection pools, PGlite caches, the heap's first growth.
    for (const c of cases) await runLoad(c.name, c.url, c.body, { connections, seconds, headers: c.headers });
    const measure = (c: Case): Promise<LoadResult> => runLoad(c.name, c.url, c.body, { connections, seconds, headers: c.headers });
    const results: LoadResult[] = [];
    /** `rounds` ABBA rounds of a against b: a, b, b, a, a, b, … */
    const abba = async (a: Case, b: Case) => {
      const pair = { a: [] as LoadResult[], b: [] as LoadResult[] };
      for (let round = 0; round < rounds; round++) {
        for (const first of round % 2 === 0 ? [true, false] : [false, true]) {
          const result = await measure(first ? a : b);
          (first ? pair.a : pair.b).push(result);
          results.push(result);
        }
      }
      return pair;
    };
    // Records per group commit while the audited gateway ran: from the histogram's sum and count.
    const batchTotals = async () => {
      const totals: Record<string, { sum: number; count: number }> = {};
      for (const v of (await metrics.auditBatchSize.get()).values) {
        const key = `${v.labels.service}/${v.labels.log}`;
        const entry = (totals[key] ??= { sum: 0, count: 0 });
        if (v.metricName?.endsWith('_sum')) entry.sum += v.value;
        if (v.metricName?.endsWith('_count')) entry.count += v.value;
      }
      return totals;
    };
    const batchesBefore = await batchTotals();
    const audit = await abba(governedCase, enforcedCase);
    const batchesAfter = await batchTotals();
    const averageBatch = Object.fromEntries(
      Object.entries(batchesAfter).map(([key, after]) => {
        const before = batchesBefore[key] ?? { sum: 0, count: 0 };
        const commits = after.count - before.count;
        return [key, { commits, records: after.sum - before.sum, recordsPerCommit: commits ? Math.round(((after.sum - before.sum) / commits) * 10) / 10 : 0 }];
      }),
    );
    const enforcement = await abba(enforcedCase, offCase);
    const on = enforcement.a;
    const off = enforcement.b;
    const alone = await measure(aloneCase);
    results.push(alone);
    const single = await measure(singleProcessCase);
    results.push(single);
    const sum = (list: LoadResult[], f: (r: LoadResult) => number) => list.reduce((total, r) => total + f(r), 0);
    const meanRps = (list: LoadResult[]) => sum(list, (r) => r.requestsPerSecond) / list.length;
    const cpuPerRequest = (list: LoadResult[]) => sum(list, (r) => r.cpuMsPerRequest * r.requests) / sum(list, (r) => r.requests);
    const round3 = (n: number) => Math.round(n * 1000) / 1000;
    const gateway = { requestsPerSecond: meanRps(audit.a) };
    const report = {
      date: new Date().toISOString(),
      machine: { cpus: os.cpus().length, cpu: os.cpus()[0]?.model, memoryGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version },
      setup: `${persons} residents in in-memory PGlite; three gateways (governed; audit off; enforcement and audit off) with their five subgraphs in one process, each on its own HTTP port, and a single-process gateway (subgraphs in-process), all sharing the databases; autocannon in a separate process`,
      results,
      auditBatches: averageBatch,
      ratio: {
        auditedOverUnauditedRps: round3(meanRps(audit.a) / meanRps(audit.b)),
        auditedOverUnauditedCpuPerRequest: round3(cpuPerRequest(audit.a) / cpuPerRequest(audit.b)),
        enforcedOverUnenforcedRps: round3(meanRps(on) / meanRps(off)),
        enforcedOverUnenforcedCpuPerRequest: round3(cpuPerRequest(on) / cpuPerRequest(off)),
        gatewayOverSubgraphRps: round3(gateway.requestsPerSecond / alone.requestsPerSecond),
        singleProcessOverHttpRps: round3(single.requestsPerSecond / meanRps(audit.a)),
      },
    };
    console.log('\n| case | req/s | p50 ms | p99 ms | CPU ms/request | non-2xx | errors |\n| --- | ---: | ---: | ---: | ---: | ---: | ---: |');
    for (const r of results) console.log(`| ${r.name} | ${r.requestsPerSecond} | ${r.latencyP50Ms} | ${r.latencyP99Ms} | ${r.cpuMsPerRequest} | ${r.non2xx} | ${r.errors} |`);
    console.log(`\naudit on / off, throughput (mean over ${rounds} ABBA rounds): ${report.ratio.auditedOverUnauditedRps}`);
    console.log(`audit on / off, CPU per request: ${report.ratio.auditedOverUnauditedCpuPerRequest}`);
    console.log(`audit records per group commit: ${Object.entries(averageBatch).map(([k, v]) => `${k} ${v.recordsPerCommit}`).join(', ')}`);
    console.log(`enforcement on / off (audit off), throughput (mean over ${rounds} ABBA rounds): ${report.ratio.enforcedOverUnenforcedRps}`);
    console.log(`enforcement on / off, CPU per request: ${report.ratio.enforcedOverUnenforcedCpuPerRequest}`);
    console.log(`gateway (enforced) / subgraph-alone throughput: ${report.ratio.gatewayOverSubgraphRps}`);
    console.log(`single-process / HTTP subgraphs throughput (both governed): ${report.ratio.singleProcessOverHttpRps}`);
    writeFileSync(path.join(__dirname, '..', 'results', 'citizen-profile.json'), `${JSON.stringify(report, null, 2)}\n`);
  } finally {
    await singleProcess.stop();
    await unenforced.stop();
    await unaudited.stop();
    await app.stop();
    for (const db of Object.values(dbs)) await db.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
