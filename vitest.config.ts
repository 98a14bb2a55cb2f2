import { defineConfig } from 'vitest/config';

// Rules tests are pure; the database tests run on PGlite always, and on PostgreSQL too when TEST_DATABASE_URL is set.
const DATABASE_TESTS = ['test/**/*.test.ts'];

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
        test: { name: 'pglite', include: ['src/**/*.test.ts', ...DATABASE_TESTS], env: { XIAOER_TEST_ENGINE: 'pglite' } },
      },
      ...(process.env.TEST_DATABASE_URL
        ? [{
            extends: true as const,
            test: {
              name: 'postgres',
              include: DATABASE_TESTS,
              env: { XIAOER_TEST_ENGINE: 'postgres' },
              globalSetup: ['test/support/postgres-setup.ts'],
            },
          }]
        : []),
    ],
  },
});
