import { existsSync, readFileSync } from 'node:fs'
import { cpus, freemem, loadavg, totalmem } from 'node:os'
import { fileURLToPath } from 'node:url'

export interface MachineFacts {
  readonly cpu: string
  readonly cores: number
  readonly memory_gb: number
  readonly free_memory_gb: number
  readonly load_average: readonly number[]
  readonly node: string
  readonly at: string
}

export function machineFacts(): MachineFacts {
  const gb = (b: number): number => Math.round((b / 1024 ** 3) * 10) / 10
  return {
    cpu: cpus()[0]?.model ?? 'unknown', cores: cpus().length, memory_gb: gb(totalmem()), free_memory_gb: gb(freemem()),
    load_average: loadavg().map((l) => Math.round(l * 100) / 100), node: process.version, at: new Date().toISOString(),
  }
}

/** The bench workspace's own node_modules first (where npm puts a version the root does not share), then the root's. */
const MODULES = [fileURLToPath(new URL('../../node_modules/', import.meta.url)), fileURLToPath(new URL('../../../node_modules/', import.meta.url))]
const PACKAGES = ['pouchdb', 'pouchdb-find', 'express-pouchdb', 'leveldown', 'rxdb', 'replicache', 'better-sqlite3']

/** Installed versions of the peers and their storage libraries; a missing one is reported as such. */
export function libraryVersions(): Record<string, string> {
  const out: Record<string, string> = {}
  for (const name of PACKAGES) {
    const dir = MODULES.find((m) => existsSync(`${m}${name}/package.json`))
    out[name] = dir ? (JSON.parse(readFileSync(`${dir}${name}/package.json`, 'utf8')) as { version: string }).version : 'not installed'
  }
  return out
}
