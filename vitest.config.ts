import { defineConfig } from 'vitest/config';

/** Read by .ci/run for its `N passed, N failed` line. */
const JSON_REPORT = 'test-results/vitest.json';

export default defineConfig({
  test: {
    pool: 'forks',
    reporters: ['default', 'json'],
    outputFile: { json: JSON_REPORT },
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['test/**/*.test.ts'],
          exclude: ['test/e2e/**', 'test/cli/desktop*.test.ts'],
          // Integration suites start API servers and SQLite stores.
          testTimeout: 30_000,
          hookTimeout: 60_000,
          sequence: { groupOrder: 0 },
        },
      },
      {
        // Everything that needs the built app: built once, then run one file at a
        // time after the unit project so browsers and servers do not compete.
        extends: true,
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts', 'test/cli/desktop*.test.ts'],
          globalSetup: ['test/e2e/build.ts'],
          poolOptions: { forks: { singleFork: true } },
          testTimeout: 120_000,
          hookTimeout: 300_000,
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
