import { execFileSync, spawnSync } from 'node:child_process'
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'

/**
 * A throw-away PostgreSQL cluster for tests: initdb into a temporary folder, a server on a
 * free loopback port, removed at the end. As root it runs as the `postgres` user (PostgreSQL
 * refuses to run as root), which Debian's package creates.
 */
export interface TestCluster {
  /** Address of the cluster's `postgres` database (to create others). */
  readonly url: string
  stop(): void
}

/** Where initdb and pg_ctl are: $PG_BIN, or Debian's newest /usr/lib/postgresql/<v>/bin. */
export function findPostgresBin(): string | undefined {
  const given = process.env['PG_BIN']
  if (given) return existsSync(join(given, 'initdb')) ? given : undefined
  const root = '/usr/lib/postgresql'
  if (!existsSync(root)) return undefined
  const versions = readdirSync(root).filter((v) => /^\d+$/.test(v)).sort((a, b) => Number(b) - Number(a))
  return versions.map((v) => join(root, v, 'bin')).find((bin) => existsSync(join(bin, 'initdb')) && existsSync(join(bin, 'pg_ctl')))
}

/** Why PostgreSQL tests cannot run here, or undefined when they can. */
export function postgresMissingReason(): string | undefined {
  if (findPostgresBin()) return undefined
  return 'PostgreSQL server binaries not found (apt-get install postgresql, or set PG_BIN)'
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer()
    s.once('error', reject)
    s.listen(0, '127.0.0.1', () => {
      const address = s.address()
      s.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))))
    })
  })
}

/** The command line that runs `bin/cmd` as a user PostgreSQL accepts. */
function asServerUser(bin: string, cmd: string, args: readonly string[]): [string, string[]] {
  if (process.getuid?.() !== 0) return [join(bin, cmd), [...args]]
  return ['runuser', ['-u', 'postgres', '--', join(bin, cmd), ...args]]
}

function run(bin: string, cmd: string, args: readonly string[]): void {
  const [file, argv] = asServerUser(bin, cmd, args)
  const r = spawnSync(file, argv, { encoding: 'utf8' })
  if (r.status !== 0) throw new Error(`${cmd} failed (${r.status ?? r.signal}): ${r.stderr || r.stdout || r.error?.message}`)
}

/** Start a cluster; fast, not durable (fsync off): tests only. */
export async function startTestCluster(): Promise<TestCluster> {
  const bin = findPostgresBin()
  if (!bin) throw new Error(postgresMissingReason())
  const dir = mkdtempSync(join(tmpdir(), 'outpost-pg-'))
  if (process.getuid?.() === 0) {
    // root: the folder belongs to the postgres user that runs the server
    const id = (flag: string): number => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim())
    chownSync(dir, id('-u'), id('-g'))
  }
  const data = join(dir, 'data')
  run(bin, 'initdb', ['-D', data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C', '--no-sync'])
  const port = await freePort()
  const settings = [
    `-p ${port}`, `-k ${dir}`, '-c listen_addresses=127.0.0.1', '-c fsync=off', '-c synchronous_commit=off',
    '-c full_page_writes=off', '-c max_connections=300', '-c shared_buffers=64MB',
  ].join(' ')
  try {
    run(bin, 'pg_ctl', ['-D', data, '-l', join(dir, 'server.log'), '-w', '-t', '60', '-o', settings, 'start'])
  } catch (e) {
    const log = existsSync(join(dir, 'server.log')) ? readFileSync(join(dir, 'server.log'), 'utf8') : ''
    rmSync(dir, { recursive: true, force: true })
    throw new Error(`${e instanceof Error ? e.message : String(e)}\n${log}`, { cause: e })
  }
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`
  // every database made from template1 has citext already
  await withClient(url.replace(/\/postgres$/, '/template1'), (c) => c.query('CREATE EXTENSION IF NOT EXISTS citext'))
  return {
    url,
    stop() {
      try {
        run(bin, 'pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop'])
      } finally {
        rmSync(dir, { recursive: true, force: true })
      }
    },
  }
}

async function withClient<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: url })
  await c.connect()
  try {
    return await fn(c)
  } finally {
    await c.end()
  }
}

let made = 0

/** A new empty database in the cluster at `clusterUrl`; its address. */
export async function createTestDatabase(clusterUrl: string): Promise<string> {
  const name = `t_${process.pid}_${++made}_${Date.now().toString(36)}`
  await withClient(clusterUrl, (c) => c.query(`CREATE DATABASE "${name}"`))
  return clusterUrl.replace(/\/[^/]*$/, `/${name}`)
}
