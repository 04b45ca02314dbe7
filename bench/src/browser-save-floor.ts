import { answer, committed, openExistingDb, type IdbDatabase, type IdbTransaction } from './browser-idb.ts'

/**
 * The floor under a save, in the replica's own database: the IndexedDB requests a `createDoc`
 * and an `updateDoc` of an invoice make, in the same round trips, with no engine around them
 * (no lock, no validation, no outbox logic). What is left of a save's time once the engine's
 * own work is gone: the engine's p95 is compared with this one, measured in the same page.
 *
 * - create: one round trip (outbox counters, the new name's queue and row, the generation),
 *   then six puts (the row, four outbox records, the generation) and the commit;
 * - update: one round trip (the row, its queue, its base version, the counters, the
 *   generation), one more for the customer it links to, then seven puts and the commit;
 * - puts only: the update's seven puts and the commit, nothing read first: what any save that
 *   is on disk when it returns costs, however few its reads.
 *
 * Its records are under kinds of its own, so the replica's outbox is not touched; its rows
 * are copies of pulled invoices under names of their own, or pulled drafts with `remarks`
 * changed as the engine's update changes them.
 */
interface Row {
  doctype: string
  key: string
  doc: Record<string, unknown>
  ix: unknown[][]
}

const STORES = ['docs', 'records', 'layout']
const DOCTYPE = 'Sales Invoice'
const state = (key: string): [string, string] => ['floor-state', key]

function begin(db: IdbDatabase): { tx: IdbTransaction; done: Promise<void> } {
  const tx = db.transaction(STORES, 'readwrite')
  return { tx, done: committed(tx) }
}

function putOutbox(tx: IdbTransaction, seq: number, name: string, doc: unknown): void {
  const records = tx.objectStore('records')
  records.put({ kind: 'floor-state', key: 'seq', value: seq })
  records.put({ kind: 'floor-state', key: 'count', value: seq })
  records.put({ kind: 'floor-outbox', key: String(seq).padStart(12, '0'), value: { seq, doctype: DOCTYPE, name, doc } })
  records.put({ kind: 'floor-outbox-doc', key: `${DOCTYPE}\u0000${name}`, value: [seq] })
  tx.objectStore('layout').put({ id: 'floor-generation', value: `g${seq}` })
}

/** A copy of `source` under `name`: its name entry renamed, its other entries as they are. */
function renamed(source: Row, name: string): Row {
  const ix = source.ix.map((e) => (e[1] === '#name' ? [...e.slice(0, -1), name] : e))
  return { ...source, key: name.toLowerCase(), doc: { ...structuredClone(source.doc), name }, ix }
}

async function floorCreate(db: IdbDatabase, source: Row, seq: number): Promise<void> {
  const name = `floor-new-${seq}`
  const { tx, done } = begin(db)
  const records = tx.objectStore('records')
  await Promise.all([
    answer(records.get(state('count'))), answer(records.get(state('seq'))),
    answer(records.get(['floor-outbox-doc', `${DOCTYPE}\u0000${name}`])),
    answer(tx.objectStore('layout').get('floor-generation')), answer(tx.objectStore('docs').get([DOCTYPE, name])),
  ])
  const row = renamed(source, name)
  tx.objectStore('docs').put(row)
  putOutbox(tx, seq, name, row.doc)
  await done
}

async function putsOnly(db: IdbDatabase, row: Row, seq: number): Promise<void> {
  const { tx, done } = begin(db)
  const doc = { ...row.doc, remarks: `floor put ${seq}` }
  tx.objectStore('docs').put({ ...row, doc })
  tx.objectStore('records').put({ kind: 'floor-base', key: row.key, value: row.doc })
  putOutbox(tx, seq, row.key, { remarks: doc['remarks'] })
  await done
}

async function floorUpdate(db: IdbDatabase, key: string, seq: number): Promise<void> {
  const { tx, done } = begin(db)
  const records = tx.objectStore('records')
  const [row] = await Promise.all([
    answer(tx.objectStore('docs').get([DOCTYPE, key])) as Promise<Row | undefined>,
    answer(records.get(['floor-outbox-doc', `${DOCTYPE}\u0000${key}`])), answer(records.get(['floor-base', key])),
    answer(records.get(state('count'))), answer(records.get(state('seq'))), answer(tx.objectStore('layout').get('floor-generation')),
  ])
  if (!row) throw new Error(`floor: no ${DOCTYPE} ${key}`)
  await answer(tx.objectStore('docs').get(['Customer', String(row.doc['customer']).toLowerCase()]))
  const doc = { ...row.doc, remarks: `floor update ${seq}` }
  tx.objectStore('docs').put({ ...row, doc })
  records.put({ kind: 'floor-base', key, value: row.doc })
  putOutbox(tx, seq, key, { remarks: doc['remarks'] })
  await done
}

export interface FloorSaves {
  /** The database's name, for the native connection. */
  readonly database: string
  /** A pulled invoice's name, whose row new ones copy. */
  readonly template: string
  /** Names of pulled drafts to update, in turn. */
  readonly drafts: readonly string[]
}

/** `count` floor creates, updates and puts-only saves (after a few untimed of each), in ms. */
export async function floorSaveSamples(f: FloorSaves, count: number, warmUp: number): Promise<{ create: number[]; update: number[]; puts: number[] }> {
  const db = await openExistingDb(f.database)
  try {
    const { tx } = begin(db)
    const source = (await answer(tx.objectStore('docs').get([DOCTYPE, f.template.toLowerCase()]))) as Row | undefined
    if (!source) throw new Error(`floor: no ${DOCTYPE} ${f.template}`)
    let seq = 0
    const timed = async (fn: () => Promise<void>): Promise<number[]> => {
      const out: number[] = []
      for (let i = -warmUp; i < count; i++) {
        const t = performance.now()
        await fn()
        if (i >= 0) out.push(performance.now() - t)
      }
      return out
    }
    const create = await timed(() => floorCreate(db, source, ++seq))
    let next = 0
    const update = await timed(() => floorUpdate(db, f.drafts[next++ % f.drafts.length]!.toLowerCase(), ++seq))
    const puts = await timed(() => putsOnly(db, source, ++seq))
    return { create, update, puts }
  } finally {
    db.close()
  }
}
