import { fileURLToPath } from 'node:url'
import { playwright } from '@vitest/browser-playwright'
import { defineConfig } from 'vitest/config'
import unit from './vitest.config.ts'

/**
 * The browser suite: `*.browser.test.ts` files in real Chromium — Debian's, never a browser
 * build downloaded by a package. `npm run test:browser` (scripts/test-browser.mjs) runs it.
 */
const CHROMIUM = process.env['OUTPOST_CHROMIUM'] ?? '/usr/bin/chromium'
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run']

// The browser gets only buildDocType from @outpost/meta/testing (core's store fixtures use it):
// the rest of that entry reads fixture files with node:fs.
const buildDocType = fileURLToPath(new URL('./packages/meta/src/testing/build-doctype.ts', import.meta.url))
const unitAliases = unit.resolve?.alias
if (!Array.isArray(unitAliases)) throw new Error('vitest.config.ts should list its aliases as an array')

// eslint-disable-next-line no-restricted-syntax -- Vitest reads a config's default export
export default defineConfig({
  resolve: { alias: [{ find: /^@outpost\/meta\/testing$/, replacement: buildDocType }, ...unitAliases] },
  test: {
    include: ['packages/*/src/**/*.browser.test.ts'],
    testTimeout: 30_000,
    // one file at a time: a quota override or a permission is the whole origin's
    fileParallelism: false,
    browser: {
      enabled: true,
      headless: true,
      screenshotFailures: false,
      provider: playwright({ launchOptions: { executablePath: CHROMIUM, args: FLAGS } }),
      instances: [{ browser: 'chromium' }],
    },
  },
})
