// Runs the browser suite (vitest.browser.config.ts) in Debian's Chromium. Without CI a machine
// without Chromium skips it, saying why; with CI=true a missing or broken Chromium fails.
import { spawnSync } from 'node:child_process'
import { accessSync, constants } from 'node:fs'

const chromium = process.env.OUTPOST_CHROMIUM ?? '/usr/bin/chromium'
const ci = process.env.CI === 'true' || process.env.CI === '1'

try {
  accessSync(chromium, constants.X_OK)
} catch {
  const reason = `no Chromium at ${chromium} (apt-get install chromium, or set OUTPOST_CHROMIUM)`
  if (ci) {
    console.error(`Browser tests FAILED: ${reason}; CI must run them.`)
    process.exit(1)
  }
  console.log(`Browser tests skipped: ${reason}.`)
  process.exit(0)
}

const run = spawnSync('npx', ['vitest', 'run', '--config', 'vitest.browser.config.ts', ...process.argv.slice(2)], { stdio: 'inherit' })
process.exit(run.status ?? 1)
