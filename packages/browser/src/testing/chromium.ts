import { accessSync, constants } from 'node:fs'
import { chromium, type Browser } from 'playwright-core'

export const CHROMIUM = process.env['OUTPOST_CHROMIUM'] ?? '/usr/bin/chromium'
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run']

/** Why Chromium can't run here, or `undefined` when it can. With CI=true the caller must fail, not skip. */
export function chromiumMissing(): string | undefined {
  try {
    accessSync(CHROMIUM, constants.X_OK)
    return undefined
  } catch {
    return `no Chromium at ${CHROMIUM} (apt-get install chromium, or set OUTPOST_CHROMIUM)`
  }
}

export const inCi = process.env['CI'] === 'true' || process.env['CI'] === '1'

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: FLAGS, headless: true })
}
