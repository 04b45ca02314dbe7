import { loadDocType, Schema, type DocType } from '@outpost/meta'
import { OutpostError } from '../errors.ts'
import type { LocalStore } from '../ports/local-store.ts'
import type { Remote } from '../ports/remote.ts'
import { putMetaVersion, versionOf } from '../migrations/meta-records.ts'

/** DocType JSON kept in the store, so a replica opens offline. */
async function storedMeta(store: LocalStore): Promise<Map<string, unknown>> {
  const rows = await store.read((tx) => tx.listRecords<unknown>('meta'))
  return new Map(rows.map((r) => [r.key, r.value]))
}

async function fetchMeta(remote: Remote, doctype: string, known: Map<string, unknown>, required: boolean): Promise<void> {
  if (known.has(doctype)) return
  const result = await remote.getDocTypes(doctype)
  if (result.kind !== 'ok') {
    if (!required) return
    const reason = result.kind === 'offline' ? 'the server is unreachable' : result.kind === 'auth' ? 'the server asks for a login' : result.error.message
    throw new OutpostError(result.kind === 'auth' ? 'AUTH_REQUIRED' : 'META_MISSING', `Cannot load the DocType ${doctype}: ${reason}`, { retryable: result.kind !== 'rejected' })
  }
  for (const json of result.value) {
    const name = (json as { name?: unknown }).name
    if (typeof name === 'string') known.set(name, json)
  }
}

function linkTargets(doctypes: readonly DocType[]): string[] {
  return [...new Set(doctypes.flatMap((d) => d.linkFields.filter((f) => f.fieldtype === 'Link').map((f) => f.options)))]
}

export interface LoadedSchema {
  readonly schema: Schema
  /** The DocTypes the replica pulls: the configured ones and the masters they link to. */
  readonly synced: readonly string[]
  /** Every configured DocType's meta was read from the server just now (a first open). */
  readonly fresh: boolean
}

/**
 * The replica's schema: the configured DocTypes, their child tables, and one level of Link
 * targets (masters, so Link search works offline). Stored meta is used when present, so a
 * replica opens with the server gone; a Link target the user may not read stays plain data.
 */
export async function loadSchema(store: LocalStore, remote: Remote, doctypes: readonly string[], now = 0): Promise<LoadedSchema> {
  const known = await storedMeta(store)
  const before = new Set(known.keys())
  const fresh = doctypes.every((d) => !before.has(d))
  for (const d of doctypes) await fetchMeta(remote, d, known, true)
  const configured = doctypes.map((d) => loadDocType(known.get(d)))
  const parts = [...configured, ...configured.flatMap((d) => d.tableFields.map((f) => known.get(f.options)).filter((j) => j !== undefined).map(loadDocType))]
  for (const target of linkTargets(parts)) await fetchMeta(remote, target, known, false)
  await store.write(async (tx) => {
    for (const [name, json] of known) {
      if (before.has(name)) continue
      await tx.putRecord('meta', name, json)
      // the data of a DocType is written with the meta it was first loaded with
      await putMetaVersion(tx, name, { version: versionOf(json), at: now })
    }
  })
  const schema = schemaOf(known)
  const synced = [...new Set([...doctypes, ...linkTargets(parts)])].filter((d) => schema.get(d) && !schema.get(d)?.istable && !schema.get(d)?.issingle)
  return { schema, synced, fresh }
}

const schemaOf = (meta: ReadonlyMap<string, unknown>): Schema => new Schema([...meta.values()].map(loadDocType))

/** The schema of the meta kept in the store, as another tab's migration left it. */
export async function storedSchema(store: LocalStore): Promise<Schema> {
  return schemaOf(await storedMeta(store))
}
