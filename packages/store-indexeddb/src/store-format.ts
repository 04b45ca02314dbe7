import { Dexie } from 'dexie'
import { OutpostError } from '@outpost/core'
import { DEXIE_VERSION, KNOWN_STORES, STORES, tablesOf, type LayoutRow, type Tables } from './layout.ts'
import { corruptError, isQuotaError, quotaError } from './store-errors.ts'

/** The layout this library writes. A newer database is refused; an older one would be migrated forward. */
export const STORE_FORMAT_VERSION = 1

/** IndexedDB's factory and key range, as Dexie takes them (structural: no DOM typings needed). */
export interface IndexedDbDeps {
  readonly indexedDB: { open(name: string, version?: number): unknown; deleteDatabase(name: string): unknown }
  readonly IDBKeyRange: { bound(...args: unknown[]): unknown; lowerBound(...args: unknown[]): unknown; upperBound(...args: unknown[]): unknown; only(value: unknown): unknown }
}

const formatOf = (row: LayoutRow | undefined): number | undefined => (row && 'version' in row && typeof row.version === 'number' ? row.version : undefined)

/**
 * Look at what is there before Dexie opens it with our schema: an upgrade would delete every
 * object store it does not declare, so another program's database must be refused first.
 */
async function checkExisting(deps: IndexedDbDeps, name: string): Promise<void> {
  const probe = new Dexie(name, { ...deps, autoOpen: false })
  try {
    await probe.open()
  } catch (e) {
    if ((e as { name?: unknown } | null)?.name === 'NoSuchDatabaseError') return
    throw e
  }
  try {
    const stores = probe.tables.map((t) => t.name)
    const foreign = stores.filter((s) => !KNOWN_STORES.has(s))
    if (foreign.length > 0) throw corruptError(name, `is an IndexedDB database, but not an Outpost local store (it has ${foreign.join(', ')})`)
    if (stores.length === 0) return
    const format = stores.includes('layout') ? formatOf(await probe.table<LayoutRow, string>('layout').get('format')) : undefined
    if (format === undefined) throw corruptError(name, 'has no store format version: it was damaged or written by another program')
    if (format > STORE_FORMAT_VERSION) throw corruptError(name, `was written by a newer version of Outpost (store format ${format}; this version reads up to ${STORE_FORMAT_VERSION})`)
  } finally {
    probe.close()
  }
}

/** A new database gets its format; an existing one must already have it (checked before the open). */
async function stampFormat(tables: Tables, name: string): Promise<void> {
  await tables.db.transaction('rw', [tables.layout, tables.docs, tables.records], async () => {
    if (formatOf(await tables.layout.get('format')) !== undefined) return
    const rows = (await tables.docs.count()) + (await tables.records.count())
    if (rows > 0) throw corruptError(name, 'has data but no store format version: it was damaged or written by another program')
    await tables.layout.put({ id: 'format', version: STORE_FORMAT_VERSION })
  })
}

function openFailure(name: string, e: unknown): unknown {
  if (e instanceof OutpostError) return e
  if (isQuotaError(e)) return quotaError(name, e)
  const kind = (e as { name?: unknown } | null)?.name
  // Chromium reports a damaged backing store as UnknownError; a non-Outpost schema fails as these
  if (kind === 'UnknownError' || kind === 'DataError' || kind === 'VersionError' || kind === 'UpgradeError' || kind === 'SchemaError') {
    return corruptError(name, `could not be opened (${String((e as Error).message ?? kind)})`, e)
  }
  return e
}

/**
 * Open (or create) the database `name`: refuse a foreign or newer one with STORE_CORRUPT, never
 * reset it. `onLost` hears when the connection closes: asked (close, destroy) or not (another tab
 * deleting or upgrading the database, the browser closing it).
 */
export async function openDatabase(deps: IndexedDbDeps, name: string, onLost: () => void): Promise<Tables> {
  let db: Dexie | undefined
  try {
    await checkExisting(deps, name)
    db = new Dexie(name, { ...deps, autoOpen: false })
    db.version(DEXIE_VERSION).stores(STORES)
    await db.open()
    const tables = tablesOf(db)
    await stampFormat(tables, name)
    // from here on, a close this store did not ask for (another tab deleting or upgrading the
    // database, the browser clearing site data) leaves the store closed rather than reopened empty
    db.on('versionchange', onLost)
    db.on('close', onLost)
    return tables
  } catch (e) {
    db?.close()
    throw openFailure(name, e)
  }
}

/** Delete the database; other tabs' connections are asked to close (versionchange) first. */
export async function deleteDatabase(deps: IndexedDbDeps, name: string): Promise<void> {
  await new Dexie(name, { ...deps, autoOpen: false }).delete()
}
