// Compile every workspace package's TypeScript to dist/, so plain Node ESM can import them.
// Type checking is `npm run typecheck`'s job; here tsc only emits (--noCheck).
import { execFileSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))
const tsc = fileURLToPath(new URL('../node_modules/typescript/bin/tsc', import.meta.url))
for (const pkg of ['meta', 'demo', 'core', 'store-sqlite', 'store-indexeddb', 'remote-frappe', 'remote-outpost', 'browser', 'server', 'vue']) {
  execFileSync(process.execPath, [tsc, '-p', `packages/${pkg}/tsconfig.build.json`, '--noCheck'], { cwd: root, stdio: 'inherit' })
}
// The Outpost Desk (apps/desk): a Vite build that `outpost serve` serves at /.
execFileSync(process.execPath, [fileURLToPath(new URL('./build-desk.mjs', import.meta.url))], { cwd: root, stdio: 'inherit' })
