const preset = require('../../jest.preset');

/** @type {import('jest').Config} */
module.exports = {
  ...preset,
  // Builds the seeded city snapshot once, before any test file, so no file's beforeAll pays for it.
  globalSetup: '<rootDir>/src/globalSetup.ts',
  // Starting a whole platform (five databases, six servers) is a beforeAll's work; on a busy 2-core
  // machine, and on PostgreSQL where each file migrates and seeds fresh databases, it can take a while.
  testTimeout: 180_000,
};
