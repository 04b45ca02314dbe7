// Build the Outpost Desk (apps/desk) with Vite into apps/desk/dist, which `outpost serve` serves at /.
// `--if-needed`: only when dist/ is missing or older than the desk's sources or the packages it bundles.
import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))
const desk = join(root, 'apps/desk')
const built = join(desk, 'dist/index.html')
const SOURCES = ['apps/desk/src', 'apps/desk/public', 'apps/desk/build', 'apps/desk/index.html', 'apps/desk/vite.config.ts', 'apps/desk/tailwind.config.js', 'apps/desk/postcss.config.js', 'apps/desk/package.json',
  'packages/meta/src', 'packages/demo/src', 'packages/core/src', 'packages/store-indexeddb/src', 'packages/remote-outpost/src', 'packages/browser/src', 'packages/vue/src']

function newest(path) {
  if (!existsSync(path)) return 0
  const s = statSync(path)
  if (!s.isDirectory()) return s.mtimeMs
  let t = 0
  for (const entry of readdirSync(path)) t = Math.max(t, newest(join(path, entry)))
  return t
}

function needed() {
  if (!existsSync(built)) return true
  const at = statSync(built).mtimeMs
  return SOURCES.some((s) => newest(join(root, s)) > at)
}

if (process.argv.includes('--if-needed') && !needed()) process.exit(0)
console.log('Building the Outpost Desk (apps/desk)…')
const vite = join(root, 'node_modules/vite/bin/vite.js')
// A production build whatever the caller's NODE_ENV (Vitest sets it to `test`).
const run = spawnSync(process.execPath, [vite, 'build', '--logLevel', 'warn'], { cwd: desk, stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } })
process.exit(run.status ?? 1)
