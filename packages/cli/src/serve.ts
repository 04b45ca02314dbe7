import { existsSync, mkdirSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import type { DocType } from '@outpost/meta'
import { demoControllers, demoUsers, isPostgresUrl, loadDemoDocTypes, loadDocTypesFromDir, openSite, seedDemo, startServer, type DemoSize } from '@outpost/server'
import { fail } from './usage.ts'

function collectDocTypes(demo: boolean, dirs: readonly string[]): DocType[] {
  const byName = new Map<string, DocType>()
  if (demo) for (const d of loadDemoDocTypes()) byName.set(d.name, d)
  for (const dir of dirs) for (const d of loadDocTypesFromDir(resolve(dir))) byName.set(d.name, d)
  return [...byName.values()]
}

/** The Outpost Desk as `npm run build` leaves it in this repository. */
const BUILT_DESK = fileURLToPath(new URL('../../../apps/desk/dist', import.meta.url))

/** The app to serve at `/`: `--desk <dir>`, else the built desk when there is one; `--no-desk` serves none. */
function deskDir(option: string | undefined, off: boolean): string | undefined {
  if (off) return undefined
  const dir = resolve(option ?? BUILT_DESK)
  if (existsSync(resolve(dir, 'index.html'))) return dir
  if (option !== undefined) fail(`--desk ${option}: no index.html there (build the desk: npm run build)`)
  console.warn('note: the desk app is not built (npm run build); serving the API only')
  return undefined
}

/** `outpost serve`: the reference server on its SQLite file, and the desk app at `/`. */
export async function serve(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: 'string', default: '8000' },
      host: { type: 'string', default: '127.0.0.1' },
      db: { type: 'string', default: 'outpost-site/site.db' },
      doctypes: { type: 'string', multiple: true, default: [] },
      demo: { type: 'boolean', default: false },
      'demo-size': { type: 'string', default: 'small' },
      'admin-password': { type: 'string' },
      desk: { type: 'string' },
      'no-desk': { type: 'boolean', default: false },
    },
    strict: true,
  })
  const port = Number(values.port)
  if (!Number.isInteger(port) || port < 0 || port > 65535) fail(`invalid --port ${values.port}`)
  const size = values['demo-size']
  if (size !== 'small' && size !== 'medium' && size !== 'large') fail(`invalid --demo-size ${size}`)
  // postgres://…: any number of servers may share the database (docs/deploy.md)
  const dbUrl = isPostgresUrl(values.db) ? values.db : undefined
  const dbPath = dbUrl === undefined ? resolve(values.db) : undefined
  if (dbPath !== undefined) mkdirSync(dirname(dbPath), { recursive: true })
  const doctypes = collectDocTypes(values.demo, values.doctypes)
  const site = await openSite({
    dbPath, dbUrl, doctypes, controllers: values.demo ? demoControllers : {},
    adminPassword: values['admin-password'], adminApiKey: process.env['OUTPOST_ADMIN_API_KEY'], adminApiSecret: process.env['OUTPOST_ADMIN_API_SECRET'],
  })
  for (const w of site.schema.warnings()) console.warn(`warning: ${w.doctype}.${w.fieldname}: ${w.message}`)
  if (values.demo) await seedDemo(site, size as DemoSize, (done) => process.stdout.write(`\rseeding demo data: ${done} documents`))
  const staticDir = deskDir(values.desk, values['no-desk'])
  const server = await startServer(site, { port, host: values.host, staticDir })
  const logins = [`  Administrator / ${values['admin-password'] ?? 'admin (unless changed earlier)'}`]
  if (values.demo) for (const u of demoUsers.filter((u) => u.email !== 'Administrator')) logins.push(`  ${u.email} / ${u.password}  (${u.roles.join(', ')})`)
  // One write, so a reader that sees the URL also sees the logins.
  const desk = staticDir ? `\nOutpost Desk at ${server.url}/  (${staticDir})` : ''
  console.log(`\nOutpost site at ${server.url}  (database ${dbPath ?? dbUrl?.replace(/\/\/[^@/]*@/, '//')}, ${site.schema.all().length} DocTypes)${desk}\n${logins.join('\n')}`)
  const stop = (): void => void server.close().then(() => process.exit(0))
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)
}
