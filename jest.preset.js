// Shared jest settings: TypeScript through SWC (no type checking here; `npm run typecheck` does that),
// tests beside the code in src/**/__tests__.
/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  testMatch: ['<rootDir>/src/**/__tests__/**/*.test.ts'],
  transform: {
    '^.+\\.(t|j)sx?$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } }],
  },
  // ESM-only dependencies are compiled to CommonJS like our own code.
  transformIgnorePatterns: ['/node_modules/(?!(@prisma/schema-engine-wasm|jose|openid-client|oauth4webapi)/)'],
  testTimeout: 60_000,
  reporters: ['default', require.resolve('./jest.summaryReporter.js')],
};
