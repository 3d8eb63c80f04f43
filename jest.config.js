/**
 * Two projects: pure unit tests, and integration tests that share one Temporal dev server and
 * one workflow bundle (global setup) and use a database and a task queue of their own per file,
 * so files run in parallel.
 */
process.env.LOG_LEVEL ??= 'warn';

const transform = { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] };

// Files that need neither the Temporal dev server nor a database.
const unit = [
  '**/test/dsl/**/*.test.ts',
  '**/test/nl-compiler/**/*.test.ts',
  '**/test/schedules/**/*.test.ts',
  '**/test/db/audit-chain.test.ts',
  '**/test/api/contract-docs.test.ts',
  '**/test/api/web-app.test.ts',
  '**/test/nl-compiler/model/**/*.test.ts',
  '**/test/temporal/cli-binary.test.ts',
  '**/test/{cli,config,examples,fast-flow,lockfile,logger}.test.ts',
];

// The fault tests (`npm run test:faults`) stop servers and kill processes; `npm test` leaves them out.
const faults = process.env.PLAINFLOW_FAULT_TESTS === '1' ? [] : ['!**/test/faults/**'];

module.exports = {
  roots: ['<rootDir>/test'],
  testTimeout: 60_000,
  // A run whose tests are over ends, even if something a test started still holds the loop.
  forceExit: true,
  maxWorkers: process.env.PLAINFLOW_TEST_WORKERS ?? 3,
  projects: [
    {
      displayName: 'unit',
      testEnvironment: 'node',
      testMatch: unit,
      transform,
      globalSetup: '<rootDir>/test/compile-time-setup.ts',
    },
    {
      displayName: 'integration',
      testEnvironment: 'node',
      testMatch: ['**/test/**/*.test.ts', ...unit.map((glob) => `!${glob}`), ...faults],
      transform,
      globalSetup: '<rootDir>/test/global-setup.ts',
      globalTeardown: '<rootDir>/test/global-teardown.ts',
      // Every answer fetched from the API is checked against its documented schema.
      setupFilesAfterEnv: ['<rootDir>/test/helpers/contract-fetch-setup.ts'],
    },
  ],
};
