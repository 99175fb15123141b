#!/usr/bin/env node
// Runs the TypeScript sources directly (tsx), so the CLI needs no build step.
'use strict';
require('tsx/cjs');
require('../src/main.ts');
