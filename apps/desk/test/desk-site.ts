import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { demoControllers, loadDemoDocTypes, openSite, seedDemo, startServer, type RunningServer } from '@outpost/server'

export const ADMIN_TOKEN = 'desk-key:desk-secret-0123456789'
const ROOT = fileURLToPath(new URL('../../../', import.meta.url))
export const DESK_DIST = join(ROOT, 'apps/desk/dist')
/** Screenshots of a run (gitignored); a few are copied to docs/ for the README. */
export const ARTIFACTS = join(ROOT, 'apps/desk/test-results')

/** Build the desk when its sources are newer than the build (what `npm start` does too). */
export function buildDesk(): void {
  execFileSync(process.execPath, [join(ROOT, 'scripts/build-desk.mjs'), '--if-needed'], { stdio: 'inherit' })
  mkdirSync(ARTIFACTS, { recursive: true })
}

export interface DeskSite {
  readonly url: string
  /** Stop the server (the database stays): the browser is offline from the site's view. */
  stop(): Promise<void>
  /** Start it again on the same port and database. */
  restart(): Promise<void>
  destroy(): Promise<void>
  /** The site's REST API as Administrator (an API token). */
  api<T = unknown>(path: string, init?: { method?: string; body?: unknown }): Promise<{ status: number; body: T }>
}

async function serve(dbPath: string, port: number, seed: boolean): Promise<RunningServer> {
  const site = await openSite({ dbPath, doctypes: loadDemoDocTypes(), controllers: demoControllers, adminApiKey: 'desk-key', adminApiSecret: 'desk-secret-0123456789' })
  if (seed) await seedDemo(site, 'small')
  return startServer(site, { port, staticDir: DESK_DIST })
}

/** `outpost serve --demo` in this process: the demo site with the built desk at `/`, on a free port. */
export async function startDeskSite(): Promise<DeskSite> {
  const dir = mkdtempSync(join(tmpdir(), 'outpost-desk-'))
  const dbPath = join(dir, 'site.db')
  let server: RunningServer | undefined = await serve(dbPath, 0, true)
  const url = server.url
  const port = Number(new URL(url).port)
  return {
    url,
    async stop() {
      await server?.close()
      server = undefined
    },
    async restart() {
      server ??= await serve(dbPath, port, false)
    },
    async destroy() {
      await server?.close()
      rmSync(dir, { recursive: true, force: true })
    },
    async api<T>(path: string, init: { method?: string; body?: unknown } = {}) {
      const res = await fetch(`${url}${path}`, {
        method: init.method ?? 'GET',
        headers: { authorization: `token ${ADMIN_TOKEN}`, ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}) },
        ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
      })
      return { status: res.status, body: (await res.json()) as T }
    },
  }
}
