import { existsSync, statSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

/**
 * Where the shared ERPNext / Frappe DocType fixtures live, for tests only (this file does
 * I/O and is not exported from the package). Default: `<repo root>/../shared/fixtures/
 * erpnext-doctypes`; the environment variable OUTPOST_FIXTURES_DIR overrides it.
 */
const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..')

export const DEFAULT_FIXTURES_DIR = resolve(REPO_ROOT, '../shared/fixtures/erpnext-doctypes')

/** The directory that would be used, whether or not it exists. */
export function fixturesPath(): string {
  const fromEnv = process.env['OUTPOST_FIXTURES_DIR']
  return fromEnv !== undefined && fromEnv !== '' ? resolve(fromEnv) : DEFAULT_FIXTURES_DIR
}

/** The fixtures directory, or undefined when it is missing. */
export function fixturesDir(): string | undefined {
  const dir = fixturesPath()
  return existsSync(dir) && statSync(dir).isDirectory() ? dir : undefined
}

/**
 * The fixtures directory for a test file. When it is missing: under CI (CI=true) this throws,
 * so the test file fails; elsewhere it warns on the console and returns undefined, and the
 * caller skips its tests with `it.skip(fixturesSkipReason(), …)`.
 */
export function requireFixtures(): string | undefined {
  const dir = fixturesDir()
  if (dir !== undefined) return dir
  if (process.env['CI'] === 'true') throw new Error(`${fixturesSkipReason()} (required when CI=true)`)
  console.warn(`[outpost] SKIPPING fixture tests: ${fixturesSkipReason()}`)
  return undefined
}

export function fixturesSkipReason(): string {
  return `ERPNext DocType fixtures not found at ${fixturesPath()}; set OUTPOST_FIXTURES_DIR to their folder`
}
