import { loadDocType, Schema, type Doc } from '@outpost/meta'
import type { ReplicaContext } from '../context.ts'
import { getBase } from '../local/base.ts'
import { ERROR, metaChangeEntry, putError, type SyncErrorEntry } from '../logs/error-log.ts'
import { listOutbox, putMutation } from '../outbox/outbox-store.ts'
import type { StoreWriter } from '../ports/local-store.ts'
import { frappeDate, frappeTimestamp } from '../time.ts'
import { AddedValues } from './added-values.ts'
import { diffSchemas, type FieldChanges, type RenamedFields } from './field-changes.ts'
import { migrationReportKey, putMetaVersion, versionOf } from './meta-records.ts'
import { reshapeMutation } from './reshape-mutation.ts'
import { affectedParents, reshapeDoc, type FieldLoss, type ReshapePlan } from './reshape.ts'

/** One DocType whose meta changed, and how its fields changed. */
export interface DocTypeChange {
  readonly doctype: string
  /** The version the local data was written with, and the server's. */
  readonly from: string | undefined
  readonly to: string
  readonly added: readonly string[]
  readonly removed: readonly string[]
  readonly retyped: readonly { readonly field: string; readonly from: string; readonly to: string }[]
  readonly renamed: readonly { readonly from: string; readonly to: string }[]
}

/** A stored value that could not be converted to its field's new type. */
export interface UnconvertedValue {
  readonly doctype: string
  readonly name: string
  readonly loss: FieldLoss
}

/** What a meta migration changed (or, in a dry run, would change). */
export interface MetaMigrationReport {
  readonly at: number
  readonly dryRun: boolean
  readonly doctypes: readonly DocTypeChange[]
  /** Stored documents rewritten (server versions under queued changes included). */
  readonly documents: number
  /** Queued mutations rewritten. */
  readonly mutations: number
  /** Queued mutations that cannot be sent as they were: their ids, now in the Sync Error Log. */
  readonly errors: readonly string[]
  /** Stored values that could not be converted (the first 100), and how many there were. */
  readonly unconverted: readonly UnconvertedValue[]
  readonly unconvertedCount: number
  /** Parent DocTypes whose store indexes and columns were rebuilt for the new meta. */
  readonly reindexed: readonly string[]
}

const MAX_LISTED = 100

/** A document the migration rewrote, announced as a change once the write commits. */
interface Touched {
  readonly doctype: string
  readonly name: string
  readonly doc: Doc
}

interface Collector {
  documents: number
  mutations: number
  readonly errors: string[]
  readonly unconverted: UnconvertedValue[]
  unconvertedCount: number
  readonly touched: Touched[]
}

function describeChanges(c: FieldChanges, from: string | undefined, to: string): DocTypeChange {
  return {
    doctype: c.doctype, from, to,
    added: c.added.map((f) => f.fieldname), removed: c.removed.map((f) => f.fieldname),
    retyped: c.retyped.map((r) => ({ field: r.to.fieldname, from: r.from.fieldtype, to: r.to.fieldtype })),
    renamed: c.renamed.map((r) => ({ from: r.from.fieldname, to: r.to.fieldname })),
  }
}

/** Every stored document (and server base) of the affected DocTypes, in the new shape. */
async function reshapeStored(tx: StoreWriter, plan: ReshapePlan, pendingInserts: ReadonlySet<string>, out: Collector): Promise<void> {
  for (const doctype of affectedParents(plan)) {
    for (const name of await tx.listDocNames(doctype)) {
      const doc = await tx.getDoc(doctype, name)
      if (!doc) continue
      const r = reshapeDoc(plan, doctype, doc, pendingInserts.has(`${doctype}\u0000${name.toLowerCase()}`) ? 'insert' : 'column')
      for (const loss of r.losses) {
        if (loss.reason !== 'unconvertible') continue
        if (out.unconverted.length < MAX_LISTED) out.unconverted.push({ doctype, name, loss })
        out.unconvertedCount++
      }
      if (!r.changed) continue
      await tx.putDoc(doctype, r.doc)
      out.documents++
      out.touched.push({ doctype, name: String(r.doc['name']), doc: r.doc })
    }
    for (const { key, value } of await tx.listRecords<Doc>('base', { prefix: `${doctype}\u0000` })) {
      const r = reshapeDoc(plan, doctype, value, 'column')
      if (r.changed) await tx.putRecord('base', key, r.doc)
    }
  }
}

/** Every queued mutation in the new shape; those that lost values the user set go to the Sync Error Log. */
async function reshapeQueue(tx: StoreWriter, plan: ReshapePlan, old: Schema, at: number, out: Collector): Promise<void> {
  for (const m of await listOutbox(tx)) {
    if (!plan.schema.get(m.doctype)) continue
    const r = reshapeMutation(plan, old, m, m.kind === 'insert' ? undefined : await getBase(tx, m.doctype, m.name))
    if (!r.changed) continue
    out.mutations++
    if (r.lost.length === 0) {
      await putMutation(tx, r.mutation)
      continue
    }
    await putMutation(tx, { ...r.mutation, rejected: true })
    await putError(tx, metaChangeEntry(m, r.lost, at, await tx.getRecord<SyncErrorEntry>(ERROR, m.id)))
    out.errors.push(m.id)
  }
}

async function pendingInsertKeys(tx: StoreWriter): Promise<Set<string>> {
  return new Set((await listOutbox(tx)).filter((m) => m.kind === 'insert').map((m) => `${m.doctype}\u0000${m.name.toLowerCase()}`))
}

export interface MetaMigrationOptions {
  readonly renames: RenamedFields
  readonly dryRun: boolean
}

export interface MetaMigrationResult {
  readonly report: MetaMigrationReport
  /** The DocType JSON changed: the replica runs on `schema` from now on. */
  readonly schema: Schema | undefined
  readonly touched: readonly Touched[]
}

/** Thrown inside a dry run's transaction so the store keeps nothing of it. */
class DryRunDone extends Error {}

const sameJson = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b)

/**
 * Bring local data to the server's meta `fresh` (DocType JSON by name) in ONE store write: the
 * documents, their server bases and the queued mutations reshaped, the new JSON and each
 * DocType's meta version recorded, and a report kept. A dry run does all of it and keeps nothing.
 * After the write the store is opened with the new schema, which rebuilds its columns and indexes.
 */
export async function migrateMeta(ctx: ReplicaContext, fresh: ReadonlyMap<string, unknown>, options: MetaMigrationOptions): Promise<MetaMigrationResult> {
  const stored = new Map((await ctx.store.read((tx) => tx.listRecords<unknown>('meta'))).map((r) => [r.key, r.value]))
  const changed = [...fresh].filter(([name, json]) => !sameJson(stored.get(name), json))
  const merged = new Map([...stored, ...fresh])
  const next = new Schema([...merged.values()].map(loadDocType))
  const old = ctx.schema
  const changes = diffSchemas(old, next, options.renames)
  const at = ctx.env.now()
  const plan: ReshapePlan = { changes, schema: next, added: new AddedValues(next, { today: frappeDate(at), now: frappeTimestamp(at), user: ctx.user }) }
  const out: Collector = { documents: 0, mutations: 0, errors: [], unconverted: [], unconvertedCount: 0, touched: [] }
  const doctypes = changed.map(([name, json]) => {
    const c = changes.get(name) ?? { doctype: name, added: [], removed: [], retyped: [], renamed: [] }
    return describeChanges(c, stored.has(name) ? versionOf(stored.get(name)) : undefined, versionOf(json))
  })
  const reindexed = affectedParents(plan)
  const report = (): MetaMigrationReport => ({
    at, dryRun: options.dryRun, doctypes, documents: out.documents, mutations: out.mutations, errors: [...out.errors],
    unconverted: [...out.unconverted], unconvertedCount: out.unconvertedCount, reindexed,
  })
  try {
    await ctx.store.write(async (tx) => {
      if (changes.size > 0) {
        await reshapeStored(tx, plan, await pendingInsertKeys(tx), out)
        await reshapeQueue(tx, plan, old, at, out)
      }
      for (const [name, json] of changed) await tx.putRecord('meta', name, json)
      for (const [name, json] of fresh) await putMetaVersion(tx, name, { version: versionOf(json), at })
      if (changed.length > 0) await tx.putRecord('state', migrationReportKey(at), report())
      if (options.dryRun) throw new DryRunDone()
    })
  } catch (e) {
    if (!(e instanceof DryRunDone)) throw e
  }
  return { report: report(), schema: !options.dryRun && changed.length > 0 ? next : undefined, touched: options.dryRun ? [] : out.touched }
}
