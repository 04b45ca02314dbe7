import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { demoControllers, loadDemoDocTypes, openSite, seedDemo, startServer, type RunningServer } from '@outpost/server'

export const ADMIN_TOKEN = 'e2e-key:e2e-secret-0123456789'

export interface E2eSite {
  readonly url: string
  /** Stop the server (the database stays): the browser is offline from the site's view. */
  stop(): Promise<void>
  /** Start it again on the same port and database. */
  restart(): Promise<void>
  destroy(): Promise<void>
}

async function serve(dbPath: string, port: number, seed: boolean): Promise<RunningServer> {
  const site = await openSite({
    dbPath, doctypes: loadDemoDocTypes(), controllers: demoControllers, adminApiKey: 'e2e-key', adminApiSecret: 'e2e-secret-0123456789',
  })
  if (seed) await seedDemo(site, 'small')
  return startServer(site, { port })
}

/** The demo site (small) in this process, on a free loopback port. */
export async function startE2eSite(): Promise<E2eSite> {
  const dir = mkdtempSync(join(tmpdir(), 'outpost-e2e-'))
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
  }
}
