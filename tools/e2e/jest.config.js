const preset = require('../../jest.preset');

// The city is tested in its own time zone, UTC+8 (the workers inherit it): a date read anywhere as local
// midnight instead of UTC would fall on the day before, and the tests would see it.
process.env.TZ = 'Asia/Shanghai';

/** @type {import('jest').Config} */
module.exports = {
  ...preset,
  // One folder per concern (sharing, governance, audit, attacks, operations, house), the tests directly in it.
  testMatch: ['<rootDir>/src/*/*.test.ts'],
  // Builds the seeded city snapshot once, before any test file, so no file's beforeAll pays for it.
  globalSetup: '<rootDir>/src/globalSetup.ts',
  // Starting a whole platform (five databases, six servers) is a beforeAll's work; on a busy 2-core
  // machine, and on PostgreSQL where each file migrates and seeds fresh databases, it can take a while.
  testTimeout: 180_000,
  // Each file starts a whole platform (five PGlite WebAssembly instances, ~2 GB at peak), and a worker
  // does not give all of it back between files: fourteen files in two long-lived workers ran a 24 GB
  // machine out of memory. Jest measures only the JavaScript heap (not WebAssembly memory), so the limit
  // is set below what any platform-starting file leaves behind: every file gets a fresh worker.
  maxWorkers: 2,
  workerIdleMemoryLimit: '50MB',
};
