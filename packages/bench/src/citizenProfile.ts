/**
 * Citizen-profile benchmark: the four-subgraph query through the gateway next to the population part of
 * it sent to the population subgraph alone, same run, same city, 20 connections. Prints a markdown table
 * and writes results/citizen-profile.json. Usage: npm run bench [-- --persons N --seconds S]
 */
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { EXAMPLE_QUERY } from '@civicgraph/cli';
import { startCivicGraph } from '@civicgraph/platform';
import { createLogger } from '@civicgraph/server';
import { CONTEXT_HEADER, generateContextSigningKey, signRequestContext } from '@civicgraph/policy';
import { openSeededCity } from '@civicgraph/testing';
import { runLoad, type LoadResult } from './runLoad';

const POPULATION_ONLY = `query CitizenProfile($idNumber: String!) { personByIdNumber(idNumber: $idNumber) { name gender birthDate } }`;

async function main() {
  const { values } = parseArgs({ options: { persons: { type: 'string', default: '10000' }, seconds: { type: 'string', default: '20' }, connections: { type: 'string', default: '20' } } });
  const persons = Number(values.persons);
  const seconds = Number(values.seconds);
  const connections = Number(values.connections);
  const { dbs, apiKey } = await openSeededCity({ persons, seed: 2260 });
  const contextKey = generateContextSigningKey();
  const app = await startCivicGraph({ dbs, contextKey, logger: createLogger({ name: 'bench', level: 'silent' }), port: 0, subgraphPorts: 0 });
  try {
    const [entity] = await dbs['legal-entity'].query<{ representative_id: string }>(`SELECT representative_id FROM legal_entity WHERE status = 'ACTIVE' ORDER BY id LIMIT 1`);
    const [person] = await dbs.population.query<{ id_number: string }>('SELECT id_number FROM person WHERE id = $1', [entity!.representative_id]);
    const variables = { idNumber: person!.id_number };
    // The subgraph serves only gateway-signed requests: one context, valid for the whole run.
    const context = await signRequestContext(
      { requestId: 'bench', app: 'bench', scenario: 'test-all-fields', grantVersion: 1, subject: null, useReason: null, grants: ['Query.personByIdNumber', 'Person.name', 'Person.gender', 'Person.birthDate'], masks: {}, constraints: {} },
      contextKey.privateKey,
      { audience: 'population', ttlSeconds: 3 * seconds + 60 },
    );
    const cases: { name: string; url: string; body: string; headers: Record<string, string> }[] = [
      { name: 'gateway: citizen profile (4 subgraphs)', url: app.url, body: JSON.stringify({ query: EXAMPLE_QUERY, variables }), headers: { authorization: `Bearer ${apiKey}` } },
      { name: 'population subgraph alone (its fields only)', url: app.subgraphUrls.population, body: JSON.stringify({ query: POPULATION_ONLY, variables }), headers: { [CONTEXT_HEADER]: context } },
    ];
    for (const c of cases) {
      const response = await fetch(c.url, { method: 'POST', headers: { 'content-type': 'application/json', ...c.headers }, body: c.body });
      const json = (await response.json()) as { errors?: unknown; data?: { personByIdNumber?: unknown } };
      if (json.errors || !json.data?.personByIdNumber) throw new Error(`${c.name}: unexpected response ${JSON.stringify(json)}`);
    }
    const results: LoadResult[] = [];
    for (const c of cases) {
      await runLoad(c.name, c.url, c.body, { connections, seconds: 3, headers: c.headers }); // warm-up: JIT, connection pools, PGlite caches
      results.push(await runLoad(c.name, c.url, c.body, { connections, seconds, headers: c.headers }));
    }
    const [gateway, alone] = results as [LoadResult, LoadResult];
    const report = {
      date: new Date().toISOString(),
      machine: { cpus: os.cpus().length, cpu: os.cpus()[0]?.model, memoryGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version },
      setup: `${persons} residents in in-memory PGlite; gateway and the four subgraphs in one process, each on its own HTTP port; autocannon in a separate process`,
      results,
      ratio: { gatewayOverSubgraphRps: Math.round((gateway.requestsPerSecond / alone.requestsPerSecond) * 1000) / 1000 },
    };
    console.log('\n| case | req/s | p50 ms | p99 ms | non-2xx | errors |\n| --- | ---: | ---: | ---: | ---: | ---: |');
    for (const r of results) console.log(`| ${r.name} | ${r.requestsPerSecond} | ${r.latencyP50Ms} | ${r.latencyP99Ms} | ${r.non2xx} | ${r.errors} |`);
    console.log(`\ngateway / subgraph-alone throughput: ${report.ratio.gatewayOverSubgraphRps}`);
    writeFileSync(path.join(__dirname, '..', 'results', 'citizen-profile.json'), `${JSON.stringify(report, null, 2)}\n`);
  } finally {
    await app.stop();
    for (const db of Object.values(dbs)) await db.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
