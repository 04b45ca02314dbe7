import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import { startDemoServer } from './server-process.ts'

const root = fileURLToPath(new URL('../..', import.meta.url))
const dir = mkdtempSync(join(tmpdir(), 'outpost-readme-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

/** The first ```js block of a README section. */
function exampleAfter(heading: string): string {
  const readme = readFileSync(join(root, 'README.md'), 'utf8')
  const section = readme.slice(readme.indexOf(heading))
  const m = /```js\n([\s\S]*?)```/.exec(section)
  if (!m) throw new Error(`no js example under ${heading}`)
  return m[1]!
}

describe('README examples run as written', () => {
  it('"A replica in Node" boots, saves offline and syncs', async () => {
    const server = await startDemoServer(join(dir, 'server.db'))
    try {
      const code = exampleAfter('## A replica in Node')
        .replace('http://127.0.0.1:8000', server.url)
        .replace("'site.db'", JSON.stringify(join(dir, 'replica.db')))
      const file = join(root, `.readme-example-${process.pid}.mjs`)
      writeFileSync(file, code)
      try {
        const res = spawnSync(process.execPath, ['--conditions=outpost-source', '--import', 'tsx', file], { cwd: root, encoding: 'utf8', timeout: 60_000 })
        expect(res.status, res.stderr).toBe(0)
        expect(res.stdout).toMatch(/new-customer-[0-9a-f-]{36}/)
        expect(res.stdout).toMatch(/pushed: 1,\s+rejected: 0/)
      } finally {
        rmSync(file, { force: true })
      }
    } finally {
      await server.stop()
    }
  }, 120_000)
})
