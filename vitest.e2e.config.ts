import { defineConfig } from 'vitest/config'
import unit from './vitest.config.ts'

/**
 * End-to-end suites (`*.e2e.test.ts`): Node drives Debian's Chromium (playwright-core) against a
 * real server, several tabs at a time. `npm run test:e2e`; part of `npm test`.
 */
// eslint-disable-next-line no-restricted-syntax -- Vitest reads a config's default export
export default defineConfig({
  ...(unit.resolve ? { resolve: unit.resolve } : {}),
  test: {
    include: ['packages/*/test/**/*.e2e.test.ts', 'apps/*/test/**/*.e2e.test.ts'],
    testTimeout: 90_000,
    hookTimeout: 120_000,
    fileParallelism: false,
    pool: 'forks',
  },
})
