import type { StoreReader, StoreWriter } from '../ports/local-store.ts'

/**
 * The meta version a DocType's local data was written with: its DocType `modified` as the
 * server reported it when the data was last migrated (or first loaded). Kept in the same
 * transaction as the data, so the two never disagree.
 */
export interface MetaVersion {
  readonly version: string
  /** Epoch ms the version was written. */
  readonly at: number
  /**
   * A version a pull page reported that re-reading the meta did not confirm (a server that
   * reports another version than `getdoctype`'s `modified`): not a reason to re-read again.
   */
  readonly reported?: string
}

const versionKey = (doctype: string): string => `meta-version:${doctype}`
const VERSION_PREFIX = 'meta-version:'
/** When the server's meta was last compared with the local one: `{ at }`, epoch ms. */
export const META_CHECK = 'meta-check'
/** A page reported a new version that could not be followed up at once: check on the next sync. */
export const META_CHECK_DUE = 'meta-check-due'
/** Reports of meta migrations, keyed by time. */
export const META_MIGRATION_PREFIX = 'meta-migration:'

export function getMetaVersion(tx: StoreReader, doctype: string): Promise<MetaVersion | undefined> {
  return tx.getRecord<MetaVersion>('state', versionKey(doctype))
}

export function putMetaVersion(tx: StoreWriter, doctype: string, value: MetaVersion): Promise<void> {
  return tx.putRecord('state', versionKey(doctype), value)
}

export async function listMetaVersions(tx: StoreReader): Promise<{ doctype: string; version: MetaVersion }[]> {
  return (await tx.listRecords<MetaVersion>('state', { prefix: VERSION_PREFIX })).map((r) => ({ doctype: r.key.slice(VERSION_PREFIX.length), version: r.value }))
}

export const migrationReportKey = (at: number): string => `${META_MIGRATION_PREFIX}${String(at).padStart(15, '0')}`

/** The DocType `modified` of a DocType JSON, as versions are compared. */
export function versionOf(json: unknown): string {
  const modified = (json as { modified?: unknown } | null)?.modified
  return typeof modified === 'string' ? modified : ''
}
