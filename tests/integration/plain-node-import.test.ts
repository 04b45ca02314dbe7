import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const root = fileURLToPath(new URL('../..', import.meta.url))

describe('the packages as plain Node ESM', () => {
  it('imports @outpost/core, store-sqlite, store-indexeddb, remote-frappe and remote-outpost from the repository root after the build', () => {
    expect(existsSync(`${root}packages/core/dist/index.js`), 'dist/ is missing: `npm ci` (or `npm run build`) builds it').toBe(true)
    const script = `
      const core = await import('@outpost/core')
      const { sqliteStore } = await import('@outpost/store-sqlite')
      const { frappeRemote } = await import('@outpost/remote-frappe')
      const { outpostRemote } = await import('@outpost/remote-outpost')
      const { indexedDbStore } = await import('@outpost/store-indexeddb')
      console.log(JSON.stringify([typeof core.createReplica, typeof sqliteStore, typeof frappeRemote, typeof outpostRemote, typeof indexedDbStore]))`
    const res = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: root, encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } })
    expect(res.stderr).toBe('')
    expect(JSON.parse(res.stdout.trim())).toEqual(['function', 'function', 'function', 'function', 'function'])
  })
})
