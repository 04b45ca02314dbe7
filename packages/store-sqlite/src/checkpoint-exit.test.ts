import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'

const dir = mkdtempSync(join(tmpdir(), 'outpost-checkpoint-exit-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))
const root = fileURLToPath(new URL('../../..', import.meta.url))

describe('a store whose WAL a worker thread copied', () => {
  it('closes in the middle of a copy, and the process ends normally once nothing else is pending', () => {
    // In a plain Node process of its own (the build, no loader): the test runner's handles, or a
    // loader's, would keep the event loop alive and hide a close that waits on nothing.
    const script = `
      import { sqliteStore } from '@outpost/store-sqlite'
      import { gadgets, storeTestSchema } from '@outpost/core/testing'
      const store = sqliteStore({ path: ${JSON.stringify(join(dir, 'exit.db'))}, walCapBytes: 4 * 1024 * 1024 })
      await store.open(storeTestSchema())
      for (let i = 0; i < 3000; i++) await store.write((tx) => tx.putDoc('Gadget', { ...gadgets()[0], name: 'G-' + i, title: 'x'.repeat(2000) }))
      await store.close()
      console.log('closed')`
    expect(existsSync(`${root}packages/store-sqlite/dist/index.js`), 'dist/ is missing: `npm ci` (or `npm run build`) builds it').toBe(true)
    const res = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: root, encoding: 'utf8', timeout: 60_000, env: { ...process.env, NODE_OPTIONS: '' } })
    expect(res.stderr).toBe('')
    expect(res.stdout.trim()).toBe('closed')
    expect(res.status).toBe(0)
  })
})
