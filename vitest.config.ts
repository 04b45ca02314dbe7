import { fileURLToPath } from 'node:url'
import { configDefaults, defineConfig } from 'vitest/config'

const packages = fileURLToPath(new URL('./packages/', import.meta.url))

export default defineConfig({
  resolve: {
    // Tests always run the TypeScript sources of workspace packages, never a build in dist/.
    alias: [
      { find: /^@outpost\/([a-z-]+)\/testing$/, replacement: `${packages}$1/src/testing/index.ts` },
      { find: /^@outpost\/([a-z-]+)$/, replacement: `${packages}$1/src/index.ts` },
    ],
  },
  test: {
    include: ['packages/*/src/**/*.test.ts', 'packages/*/test/**/*.test.ts', 'tests/integration/**/*.test.ts'],
    // *.browser.test.ts run in Chromium (vitest.browser.config.ts); *.e2e.test.ts drive it (vitest.e2e.config.ts)
    exclude: [...configDefaults.exclude, '**/*.browser.test.ts', '**/*.e2e.test.ts'],
    // Generous: a loaded 2-core machine runs servers, child processes and Chromium side by side.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
})
