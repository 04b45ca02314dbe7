import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium, type BrowserContext, type Page } from 'playwright-core'

/** The system's Chromium; nothing here downloads a browser. */
export const CHROMIUM = process.env['OUTPOST_CHROMIUM'] ?? '/usr/bin/chromium'
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run']

export interface Browser {
  readonly page: Page
  readonly context: BrowserContext
  /** The profile directory, on every Chromium process's command line. */
  readonly profileDir: string
  close(): Promise<void>
}

/**
 * Headless Chromium on a fresh profile directory, so IndexedDB is on disk as in a real
 * browser (an incognito-like context would keep it in memory), with one page open at `url`,
 * once the page has put `ready` on its global.
 */
export async function openChromium(url: string, ready = 'outpostBench'): Promise<Browser> {
  const profile = mkdtempSync(join(tmpdir(), 'outpost-bench-chromium-'))
  const context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: ARGS })
  try {
    const page = context.pages()[0] ?? (await context.newPage())
    page.on('pageerror', (e) => console.error(`page error: ${e.message}`))
    await page.goto(url)
    await page.waitForFunction((g) => g in globalThis, ready)
    return {
      page,
      context,
      profileDir: profile,
      close: async () => {
        await context.close()
        rmSync(profile, { recursive: true, force: true })
      },
    }
  } catch (e) {
    await context.close()
    rmSync(profile, { recursive: true, force: true })
    throw e
  }
}
