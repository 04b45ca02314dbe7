import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'

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
    testTimeout: 30_000,
    pool: 'forks',
  },
})
