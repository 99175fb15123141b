#!/usr/bin/env node
// Generates the Prisma client of every database, offline.
// The Prisma CLI wants to download its native schema engine even for `generate`, which never runs it;
// naming any existing executable (here: node itself) satisfies the check without a network.
'use strict';
const { execFileSync } = require('node:child_process');
const { readdirSync, existsSync } = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const cli = require.resolve('prisma/build/index.js');
const env = { ...process.env, PRISMA_SCHEMA_ENGINE_BINARY: process.execPath, PRISMA_HIDE_UPDATE_MESSAGE: '1', CHECKPOINT_DISABLE: '1' };

for (const db of readdirSync(root).sort()) {
  const schema = path.join(root, db, 'schema.prisma');
  if (!existsSync(schema)) continue;
  execFileSync(process.execPath, [cli, 'generate', '--schema', schema], { env, stdio: ['ignore', 'ignore', 'inherit'] });
  console.log(`prisma: generated client for ${db}`);
}
