import { fileURLToPath } from 'node:url'
import { configDefaults, defineConfig } from 'vitest/config'
import { postgresMissingReason } from './packages/server/test/postgres-cluster.ts'

const packages = fileURLToPath(new URL('./packages/', import.meta.url))

// *.browser.test.ts run in Chromium (vitest.browser.config.ts); *.e2e.test.ts drive it (vitest.e2e.config.ts)
const exclude = [...configDefaults.exclude, '**/*.browser.test.ts', '**/*.e2e.test.ts']

/**
 * The server suites that run again on PostgreSQL (the same case files), and the tests that
 * need PostgreSQL (*.pg.test.ts). Under CI a missing PostgreSQL fails them; elsewhere they
 * are left out, saying why.
 */
const POSTGRES_SUITES = [
  'packages/server/test/conformance/**/*.test.ts',
  'packages/server/src/sync/push.test.ts',
  'packages/server/src/sync/pull.test.ts',
  'packages/server/src/sync/pull-concurrency.test.ts',
  'packages/server/src/realtime/realtime-events.test.ts',
  'packages/*/src/**/*.pg.test.ts',
]
/** Run again with PostgreSQL writers side by side (SiteOptions.dbSerialWrites false). */
const CONCURRENT_SUITES = ['packages/server/src/sync/pull-concurrency.test.ts', 'packages/server/src/**/*.pg.test.ts']
const postgresMissing = postgresMissingReason()
const withPostgres = postgresMissing === undefined || process.env['CI'] === 'true'
if (!withPostgres) console.warn(`PostgreSQL suites skipped: ${postgresMissing}`)

export default defineConfig({
  resolve: {
    // Tests always run the TypeScript sources of workspace packages, never a build in dist/.
    alias: [
      { find: /^@outpost\/([a-z-]+)\/testing$/, replacement: `${packages}$1/src/testing/index.ts` },
      { find: /^@outpost\/([a-z-]+)$/, replacement: `${packages}$1/src/index.ts` },
    ],
  },
  test: {
    // Generous: a loaded 2-core machine runs servers, child processes and Chromium side by side.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    projects: [
      {
        extends: true,
        test: {
          name: 'sqlite',
          include: ['packages/*/src/**/*.test.ts', 'packages/*/test/**/*.test.ts', 'apps/*/src/**/*.test.ts', 'tests/integration/**/*.test.ts', 'bench/src/**/*.test.ts'],
          exclude: [...exclude, '**/*.pg.test.ts'],
        },
      },
      ...(withPostgres ? [{
        extends: true as const,
        test: {
          name: 'postgres',
          include: POSTGRES_SUITES,
          exclude,
          env: { OUTPOST_TEST_DB: 'postgres' },
          globalSetup: ['packages/server/test/postgres-global-setup.ts'],
        },
      }, {
        // writers side by side: the change log must still be read in commit order
        extends: true as const,
        test: {
          name: 'postgres-concurrent',
          include: CONCURRENT_SUITES,
          exclude,
          env: { OUTPOST_TEST_DB: 'postgres', OUTPOST_TEST_PG_WRITES: 'concurrent' },
          globalSetup: ['packages/server/test/postgres-global-setup.ts'],
        },
      }] : []),
    ],
  },
})
