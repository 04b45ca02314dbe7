import { Dexie } from 'dexie'
import { OutpostError } from '@outpost/core'
import { DEXIE_VERSION, KNOWN_STORES, STORES, tablesOf, type EncryptionRow, type LayoutRow, type Tables } from './layout.ts'
import type { ListOrders } from './index-entries.ts'
import type { RowCipher } from './row-cipher.ts'
import { corruptError, isQuotaError, quotaError } from './store-errors.ts'
import { existingKey, newKey, type StoreEncryptionOptions } from './store-key.ts'

/**
 * The newest layout this library reads; a newer database is refused, an older one is migrated
 * forward. 1: plain rows. 2: an encrypted database (sealed rows, an `encryption` layout row).
 * 3 and 4: the same, with `ix` entry layout 2 (no entry for a NULL). 5 and 6: with entry
 * layout 3 (entries carry the list order value). 7 and 8: with entry layout 4 (entries for
 * the fields Frappe indexes, grouped values in name entries: index-entries.ts). A database of
 * an older format is restamped 7 or 8 as it opens, and `open` rewrites each DocType's entries (their
 * signatures name the entry layout), so a library that writes an older layout refuses it as
 * newer rather than mixing its entries in. The IndexedDB version moves on with each entry
 * layout (DEXIE_VERSION), which closes such a library's connections in tabs still open.
 */
export const STORE_FORMAT_VERSION = 8
const PLAIN_FORMAT = 7
const ENCRYPTED_FORMAT = 8
/** Formats written with older entry layouts, and what they become. */
const RESTAMP: ReadonlyMap<number, number> = new Map([[1, PLAIN_FORMAT], [2, ENCRYPTED_FORMAT], [3, PLAIN_FORMAT], [4, ENCRYPTED_FORMAT], [5, PLAIN_FORMAT], [6, ENCRYPTED_FORMAT]])

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

/** What the layout says of a database: its format (undefined when new) and its encryption row. */
interface Stamp {
  readonly format: number | undefined
  readonly encryption: unknown
}

async function readStamp(tables: Tables): Promise<Stamp> {
  const [format, encryption] = await tables.layout.bulkGet(['format', 'encryption'])
  return { format: formatOf(format), encryption }
}

/**
 * A new database gets its format, and its encryption row when it has one, in one transaction:
 * whichever tab stamps first decides whether the database is encrypted, and with which key.
 * An existing one must already have its format (checked before the open); its stamp is returned.
 */
async function stampFormat(tables: Tables, name: string, encryption: EncryptionRow | undefined): Promise<Stamp> {
  return tables.db.transaction('rw', [tables.layout, tables.docs, tables.records], async () => {
    const found = await readStamp(tables)
    if (found.format !== undefined) return found
    const rows = (await tables.docs.count()) + (await tables.records.count())
    if (rows > 0) throw corruptError(name, 'has data but no store format version: it was damaged or written by another program')
    await tables.layout.bulkPut(encryption ? [{ id: 'format', version: ENCRYPTED_FORMAT }, encryption] : [{ id: 'format', version: PLAIN_FORMAT }])
    return { format: encryption ? ENCRYPTED_FORMAT : PLAIN_FORMAT, encryption }
  })
}

/** A database of an older format, once unlocked, stamped with the current one (its entries are rewritten by `open`). */
async function restamp(tables: Tables, found: Stamp): Promise<void> {
  const to = found.format === undefined ? undefined : RESTAMP.get(found.format)
  if (to !== undefined) await tables.layout.put({ id: 'format', version: to })
}

const isEncryptedFormat = (format: number | undefined): boolean => format === ENCRYPTED_FORMAT || RESTAMP.get(format ?? 0) === ENCRYPTED_FORMAT

/**
 * The key rows are sealed with, or undefined for a plain database. A new database is stamped
 * encrypted when a passphrase is given (the key is derived before the stamp's transaction:
 * WebCrypto cannot run inside one); an existing one must be opened as it was made.
 */
async function unlock(tables: Tables, name: string, encryption: StoreEncryptionOptions | undefined): Promise<RowCipher | undefined> {
  let found = await readStamp(tables)
  if (found.format === undefined) {
    const made = encryption ? await newKey(encryption) : undefined
    found = await stampFormat(tables, name, made?.row)
    // another tab may have stamped it first, with its own salt: then its row decides
    if (made && found.encryption === made.row) return made.cipher
  }
  if (isEncryptedFormat(found.format) && found.encryption === undefined) throw corruptError(name, 'is marked encrypted but has no encryption settings: it was damaged or written by another program')
  const cipher = await existingKey(name, found.encryption, encryption)
  await restamp(tables, found)
  return cipher
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
 * Open (or create) the database `name`: refuse a foreign or newer one with STORE_CORRUPT, an
 * encrypted one without its passphrase with STORE_LOCKED, never reset it. `onLost` hears when
 * the connection closes: asked (close, destroy) or not (another tab deleting or upgrading the
 * database, the browser closing it).
 */
export interface OpenOptions {
  readonly encryption?: StoreEncryptionOptions | undefined
  readonly listOrders?: ListOrders
}

export async function openDatabase(deps: IndexedDbDeps, name: string, onLost: () => void, { encryption, listOrders = {} }: OpenOptions = {}): Promise<Tables> {
  let db: Dexie | undefined
  try {
    await checkExisting(deps, name)
    db = new Dexie(name, { ...deps, autoOpen: false })
    db.version(DEXIE_VERSION).stores(STORES)
    await db.open()
    const tables = tablesOf(db, listOrders, await unlock(tablesOf(db, listOrders), name, encryption))
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
