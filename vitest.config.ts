import { configDefaults, defineConfig } from 'vitest/config';

// Rules tests are pure; the database tests run on PGlite always, and on PostgreSQL too when TEST_DATABASE_URL is set.
const DATABASE_TESTS = ['test/**/*.test.ts'];
// Browser tests drive Chromium against the built web app once, on PGlite: the database engine is not what they test.
const BROWSER_TESTS = ['test/e2e/**/*.test.ts'];
// Several real server processes on PostgreSQL and Redis: a project only when both services are given (and then
// they must be up: a set URL never skips).
const MULTINODE_TESTS = ['test/multinode/**/*.test.ts'];
const NOT_BROWSER = [...configDefaults.exclude, ...BROWSER_TESTS, ...MULTINODE_TESTS];

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // One database per worker, opened and migrated once and shared by its test files (fresh shop ids keep them apart).
    isolate: false,
    projects: [
      {
        extends: true,
        test: {
          name: 'pglite', include: ['src/**/*.test.ts', ...DATABASE_TESTS], exclude: NOT_BROWSER,
          env: { XIAOER_TEST_ENGINE: 'pglite' },
        },
      },
      {
        extends: true,
        test: { name: 'e2e', include: BROWSER_TESTS, env: { XIAOER_TEST_ENGINE: 'pglite' }, testTimeout: 60_000 },
      },
      ...(process.env.TEST_DATABASE_URL
        ? [{
            extends: true as const,
            test: {
              name: 'postgres',
              include: DATABASE_TESTS,
              exclude: NOT_BROWSER,
              env: { XIAOER_TEST_ENGINE: 'postgres' },
              globalSetup: ['test/support/postgres-setup.ts'],
            },
          }]
        : []),
      ...(process.env.TEST_DATABASE_URL && process.env.TEST_REDIS_URL
        ? [{
            extends: true as const,
            test: {
              name: 'multinode',
              include: MULTINODE_TESTS,
              testTimeout: 60_000,
              globalSetup: ['test/support/postgres-setup.ts'],
            },
          }]
        : []),
    ],
  },
});
