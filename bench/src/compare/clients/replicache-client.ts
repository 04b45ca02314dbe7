import { randomUUID } from 'node:crypto'
import { Replicache, type ReadonlyJSONValue, type WriteTransaction } from 'replicache'
import type { Doc } from '@outpost/meta'
import type { ClientContext, CompareClient, LocalState } from '../client-api.ts'
import { INVOICE } from '../compare-config.ts'
import { CHANGED_REMARK, type OfflineBatch } from '../offline-batch.ts'

/**
 * Replicache 15 with its memory kv store (Node has no IndexedDB), pulling and pushing against the
 * bench's row-version server. One key per document (`<DocType>/<name>`), child rows embedded, an
 * index on `/customer` over invoices. While "offline" the push and pull URLs are empty, which
 * Replicache takes as "do not sync"; the mutations wait in its pending queue.
 */
type Mutators = { putDoc: (tx: WriteTransaction, args: { key: string; value: ReadonlyJSONValue }) => Promise<void> }
const key = (doctype: string, name: string): string => `${doctype}/${name}`

export async function openReplicacheClient(ctx: ClientContext): Promise<CompareClient> {
  const pushURL = `${ctx.url}/replicache/push`
  const pullURL = `${ctx.url}/replicache/pull`
  const rep = new Replicache<Mutators>({
    name: `bench-${randomUUID()}`, kvStore: 'mem', pushURL, pullURL, pullInterval: null, logLevel: 'error',
    mutators: { putDoc: async (tx, args) => void (await tx.set(args.key, args.value)) },
    indexes: { byCustomer: { prefix: `${INVOICE}/`, jsonPointer: '/customer' } },
  })
  const scanDocs = (prefix: string): Promise<Doc[]> => rep.query(async (tx) => (await tx.scan({ prefix }).values().toArray()) as Doc[])
  const newestFirst = (a: Doc, b: Doc): number => String(b['posting_date']).localeCompare(String(a['posting_date']))
  const pending = async (): Promise<number> => (await rep.experimentalPendingMutations()).length
  const count = (): Promise<number> => rep.query(async (tx) => (await tx.scan().keys().toArray()).length)

  return {
    async boot() {
      for (let i = 0; i < 5; i++) {
        await rep.pull({ now: true })
        const n = await count()
        if (n > 0) return n
      }
      throw new Error('no documents after five pulls')
    },
    listView(customer) {
      return rep.query(async (tx) => {
        const rows = ((await tx.scan({ indexName: 'byCustomer', prefix: customer }).values().toArray()) as Doc[]).filter((d) => d['customer'] === customer)
        return { rows: rows.sort(newestFirst).slice(0, 20).length, count: rows.length }
      })
    },
    async unindexed() {
      return (await scanDocs(`${INVOICE}/`)).filter((d) => String(d['po_no'] ?? '').includes('7')).sort(newestFirst).slice(0, 20).length
    },
    async create(batch: OfflineBatch) {
      rep.pushURL = ''
      rep.pullURL = ''
      for (const c of batch.customers) await rep.mutate.putDoc({ key: key('Customer', c.name), value: { ...c.doc, name: c.name } as ReadonlyJSONValue })
      for (const inv of batch.invoices) await rep.mutate.putDoc({ key: key(INVOICE, inv.name), value: { ...inv.doc, name: inv.name } as ReadonlyJSONValue })
      const first = batch.invoices.find((i) => i.offlineCustomer)
      return first ? { name: first.name, customer: String(first.doc['customer']) } : undefined
    },
    async push() {
      rep.pushURL = pushURL
      rep.pullURL = pullURL
      // Pending mutations leave the queue when a pull reports them processed.
      for (let round = 0; round < 50 && (await pending()) > 0; round++) {
        await rep.push({ now: true })
        await rep.pull({ now: true })
      }
      return { pending: await pending(), refused: null, refusedKept: false }
    },
    async catchUp() {
      await rep.pull({ now: true })
    },
    async converged(changed, deleted) {
      return rep.query(async (tx) => {
        const last = changed[changed.length - 1]
        if (last !== undefined && !String(((await tx.get(key(INVOICE, last))) as Doc | undefined)?.['remarks'] ?? '').startsWith(CHANGED_REMARK)) return false
        for (const name of deleted) if (await tx.has(key(INVOICE, name))) return false
        return true
      })
    },
    async inspect(batch): Promise<LocalState> {
      const invoices = await scanDocs(key(INVOICE, `${batch.tag}-`))
      const customers = new Set((await scanDocs('Customer/')).map((c) => String(c['name'])))
      const first = batch.invoices.find((i) => i.offlineCustomer)
      const sample = invoices.find((d) => d['po_no'] === first?.doc['po_no'])
      return {
        pending: await pending(), invoices: invoices.length, linked: invoices.filter((d) => customers.has(String(d['customer']))).length,
        sample: sample ? { name: String(sample['name']), customer: String(sample['customer']) } : undefined,
      }
    },
    close: () => rep.close(),
  }
}
