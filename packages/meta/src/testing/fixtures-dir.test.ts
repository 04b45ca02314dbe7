import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { DEFAULT_FIXTURES_DIR, fixturesDir, fixturesPath, requireFixtures } from './fixtures-dir.ts'

describe('fixturesDir', () => {
  afterEach(() => {
    vi.unstubAllEnvs()
    vi.restoreAllMocks()
  })

  it('defaults to ../shared/fixtures/erpnext-doctypes next to the repository', () => {
    vi.stubEnv('OUTPOST_FIXTURES_DIR', '')
    expect(DEFAULT_FIXTURES_DIR.endsWith(join('shared', 'fixtures', 'erpnext-doctypes'))).toBe(true)
    expect(fixturesPath()).toBe(DEFAULT_FIXTURES_DIR)
  })

  it('honours OUTPOST_FIXTURES_DIR', () => {
    const dir = mkdtempSync(join(tmpdir(), 'outpost-fixtures-'))
    try {
      vi.stubEnv('OUTPOST_FIXTURES_DIR', dir)
      expect(fixturesDir()).toBe(dir)
      expect(requireFixtures()).toBe(dir)
    } finally {
      rmSync(dir, { recursive: true })
    }
  })

  it('warns and returns undefined when the folder is missing outside CI', () => {
    vi.stubEnv('OUTPOST_FIXTURES_DIR', join(tmpdir(), 'outpost-no-such-dir'))
    vi.stubEnv('CI', '')
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    expect(fixturesDir()).toBeUndefined()
    expect(requireFixtures()).toBeUndefined()
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('SKIPPING fixture tests'))
  })

  it('throws when the folder is missing under CI=true', () => {
    vi.stubEnv('OUTPOST_FIXTURES_DIR', join(tmpdir(), 'outpost-no-such-dir'))
    vi.stubEnv('CI', 'true')
    expect(() => requireFixtures()).toThrow(/fixtures not found.*required when CI=true/)
  })
})
