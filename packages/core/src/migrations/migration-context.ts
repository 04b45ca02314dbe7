import type { Doc, DocType, Schema } from '@outpost/meta'
import { OutpostError } from '../errors.ts'
import { listOutbox, putMutation } from '../outbox/outbox-store.ts'
import type { StoreWriter } from '../ports/local-store.ts'
import type { MutationKind } from '../ports/remote.ts'

/** A queued change as an app migration sees it. */
export interface QueuedChange {
  readonly id: string
  readonly kind: MutationKind
  readonly doctype: string
  readonly name: string
  /** insert: the whole document; update: the changed fields and whole changed tables. */
  readonly doc: Doc | undefined
}

/**
 * What an app migration may do to the local data, inside the one transaction all pending
 * migrations share: rewrite stored documents (as stored, without queuing anything for the
 * server), rewrite queued changes' payloads, move a field's values, keep records of its own.
 */
export interface MigrationContext {
  readonly schema: Schema
  /** True in `replica.migrations.dryRun()`: everything is rolled back afterwards. */
  readonly dryRun: boolean
  listDocs(doctype: string): Promise<Doc[]>
  getDoc(doctype: string, name: string): Promise<Doc | undefined>
  putDoc(doctype: string, doc: Doc): Promise<void>
  deleteDoc(doctype: string, name: string): Promise<void>
  /** `fn` for every stored document of `doctype`; a returned document replaces it. Answers how many did. */
  updateDocs(doctype: string, fn: (doc: Doc) => Doc | undefined): Promise<number>
  listMutations(doctype?: string): Promise<QueuedChange[]>
  /** `fn` for every queued change; a returned payload replaces its `doc`. Answers how many did. */
  updateMutations(fn: (change: QueuedChange) => Doc | undefined): Promise<number>
  /**
   * Move `from`'s values to `to` in every stored document, server base and queued change of
   * `doctype` (a child DocType: in the rows of every parent holding it). Answers the records moved.
   */
  renameField(doctype: string, from: string, to: string): Promise<number>
  /** The app's own records, kept beside the replica's. */
  getRecord<T>(key: string): Promise<T | undefined>
  putRecord<T>(key: string, value: T): Promise<void>
  deleteRecord(key: string): Promise<void>
  /** A line for the migration's report (shown by a dry run). */
  log(message: string): void
}

/** What one app migration changed (or would change). */
export interface AppMigrationReport {
  readonly name: string
  /** Documents written or deleted, by DocType. */
  readonly documents: Readonly<Record<string, number>>
  readonly mutations: number
  readonly records: number
  readonly log: readonly string[]
}

const APP_RECORD = 'app:'

/** Rename a key in `rec`; answers whether it was there. */
function moveKey(rec: Doc, from: string, to: string): boolean {
  if (!(from in rec)) return false
  rec[to] = rec[from]
  delete rec[from]
  return true
}

/** Rename `from` → `to` wherever records of `doctype` sit inside a document of `parent`. */
function renameInside(parent: DocType, doc: Doc, doctype: string, from: string, to: string): boolean {
  if (parent.name === doctype) return moveKey(doc, from, to)
  let moved = false
  for (const tf of parent.tableFields) {
    const rows = doc[tf.fieldname]
    if (tf.options !== doctype || !Array.isArray(rows)) continue
    for (const row of rows) if (row && typeof row === 'object' && moveKey(row as Doc, from, to)) moved = true
  }
  return moved
}

/** A context over `tx` that counts what it changes into a report. */
export function migrationContext(tx: StoreWriter, schema: Schema, name: string, dryRun: boolean): { ctx: MigrationContext; report(): AppMigrationReport } {
  const docs = new Map<string, Set<string>>()
  const mutations = new Set<string>()
  const records = new Set<string>()
  const log: string[] = []
  const touch = (doctype: string, docName: string): void => {
    const set = docs.get(doctype) ?? new Set<string>()
    set.add(docName.toLowerCase())
    docs.set(doctype, set)
  }
  const requireDocType = (doctype: string): DocType => {
    const d = schema.get(doctype)
    if (!d) throw new OutpostError('META_MISSING', `Migration ${name}: DocType ${doctype} is not part of this replica`)
    return d
  }
  const ctx: MigrationContext = {
    schema, dryRun,
    listDocs: (doctype) => tx.queryDocs(requireDocType(doctype).name),
    getDoc: (doctype, docName) => tx.getDoc(doctype, docName),
    async putDoc(doctype, doc) {
      await tx.putDoc(requireDocType(doctype).name, doc)
      touch(doctype, String(doc['name']))
    },
    async deleteDoc(doctype, docName) {
      await tx.deleteDoc(requireDocType(doctype).name, docName)
      touch(doctype, docName)
    },
    async updateDocs(doctype, fn) {
      let n = 0
      for (const doc of await tx.queryDocs(requireDocType(doctype).name)) {
        const next = fn(doc)
        if (next === undefined) continue
        await ctx.putDoc(doctype, next)
        n++
      }
      return n
    },
    async listMutations(doctype) {
      return (await listOutbox(tx)).filter((m) => doctype === undefined || m.doctype === doctype).map((m) => ({ id: m.id, kind: m.kind, doctype: m.doctype, name: m.name, doc: m.doc }))
    },
    async updateMutations(fn) {
      let n = 0
      for (const m of await listOutbox(tx)) {
        const next = fn({ id: m.id, kind: m.kind, doctype: m.doctype, name: m.name, doc: m.doc })
        if (next === undefined) continue
        await putMutation(tx, { ...m, doc: next })
        mutations.add(m.id)
        n++
      }
      return n
    },
    renameField: (doctype, from, to) => renameField(tx, schema, { doctype, from, to }, { touch, mutation: (id) => mutations.add(id) }),
    getRecord: (key) => tx.getRecord('state', APP_RECORD + key),
    async putRecord(key, value) {
      await tx.putRecord('state', APP_RECORD + key, value)
      records.add(key)
    },
    async deleteRecord(key) {
      await tx.deleteRecord('state', APP_RECORD + key)
      records.add(key)
    },
    log: (message) => void log.push(String(message)),
  }
  const report = (): AppMigrationReport => ({
    name, documents: Object.fromEntries([...docs].map(([d, names]) => [d, names.size])), mutations: mutations.size, records: records.size, log: [...log],
  })
  return { ctx, report }
}

interface Rename {
  readonly doctype: string
  readonly from: string
  readonly to: string
}

async function renameField(tx: StoreWriter, schema: Schema, r: Rename, seen: { touch(doctype: string, name: string): void; mutation(id: string): void }): Promise<number> {
  const target = schema.get(r.doctype)
  if (!target) throw new OutpostError('META_MISSING', `renameField: DocType ${r.doctype} is not part of this replica`)
  const parents = target.istable ? schema.all().filter((p) => p.tableFields.some((tf) => tf.options === r.doctype)) : [target]
  let moved = 0
  for (const parent of parents) {
    for (const doc of await tx.queryDocs(parent.name)) {
      if (!renameInside(parent, doc, r.doctype, r.from, r.to)) continue
      await tx.putDoc(parent.name, doc)
      seen.touch(parent.name, String(doc['name']))
      moved++
    }
    for (const { key, value } of await tx.listRecords<Doc>('base', { prefix: `${parent.name}\u0000` })) {
      if (renameInside(parent, value, r.doctype, r.from, r.to)) await tx.putRecord('base', key, value)
    }
  }
  for (const m of await listOutbox(tx)) {
    const parent = parents.find((p) => p.name === m.doctype)
    if (!parent || !m.doc) continue
    const doc = structuredClone(m.doc)
    if (!renameInside(parent, doc, r.doctype, r.from, r.to)) continue
    await putMutation(tx, { ...m, doc })
    seen.mutation(m.id)
  }
  return moved
}
