/**
 * What encryption at rest costs the IndexedDB store, under fake-indexeddb in Node: 10,000
 * documents written in pages of 1,000 (as a boot writes them), then read back by a full scan,
 * by 1,000 point reads and by 50 desk-list pages, with and without a passphrase; and WebCrypto
 * alone sealing and opening the 10,000 documents. Not a test:
 *
 *   node --conditions=outpost-source --import tsx packages/store-indexeddb/test/encryption-cost.ts
 */
import { performance } from 'node:perf_hooks'
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb'
import { parseFilters, type Doc } from '@outpost/meta'
import { storeTestSchema } from '@outpost/core/testing'
import { indexedDbStore, type StoreEncryptionOptions } from '../src/index.ts'
import { newKey } from '../src/store-key.ts'

const DOCS = 10_000
const PAGE = 1_000
const RUNS = 3
// few iterations: the key is derived once per open, and that is not what this measures
const KEY: StoreEncryptionOptions = { passphrase: 'bench', iterations: 1_000 }

const gadget = (i: number): Doc => ({
  doctype: 'Gadget', name: `G-${String(i).padStart(5, '0')}`, owner: 'a@example.com', creation: '2026-01-01 00:00:00.000000',
  modified: `2026-01-01 ${String(Math.floor(i / 3600) % 24).padStart(2, '0')}:${String(Math.floor(i / 60) % 60).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}.000000`,
  modified_by: 'a@example.com', docstatus: i % 3 === 0 ? 1 : 0, idx: 0, title: `Gadget number ${i} with a description of some length`,
  maker: `M-${i % 50}`, kind: i % 2 ? 'Tool' : 'Toy', price: i % 97, count: i % 11, active: i % 2, made_on: '2026-01-05', spec: { weight: i % 7, tags: ['a', 'b'] },
  parts: Array.from({ length: 3 }, (_, n) => ({ name: `p${i}-${n}`, idx: n + 1, part: `Part ${n} of ${i}`, qty: n + 1 })),
})

interface Timings { write: number; scan: number; gets: number; pages: number }

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const t = performance.now()
  await fn()
  return performance.now() - t
}

async function run(encryption: StoreEncryptionOptions | undefined, round: number): Promise<Timings> {
  const store = indexedDbStore({ name: `bench-${round}`, indexedDB: new IDBFactory(), IDBKeyRange, ...(encryption ? { encryption } : {}) })
  await store.open(storeTestSchema())
  const docs = Array.from({ length: DOCS }, (_, i) => gadget(i))
  const write = await timed(async () => {
    for (let at = 0; at < DOCS; at += PAGE) await store.write(async (tx) => { for (const d of docs.slice(at, at + PAGE)) await tx.putDoc('Gadget', d) })
  })
  const scan = await timed(() => store.read((tx) => tx.queryDocs('Gadget', { filters: parseFilters([['title', 'like', '%9 with%']]) })))
  const gets = await timed(() => store.read(async (tx) => { for (let i = 0; i < 1_000; i++) await tx.getDoc('Gadget', `G-${String(i * 7).padStart(5, '0')}`) }))
  const pages = await timed(async () => {
    for (let i = 0; i < 50; i++) {
      await store.read((tx) => tx.queryDocs('Gadget', { filters: parseFilters({ maker: `M-${i}` }), orderBy: [{ field: 'modified', order: 'desc' }], limit: 20 }))
    }
  })
  await store.destroy()
  return { write, scan, gets, pages }
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!

/** AES-GCM alone: every document sealed, then opened, side by side as the store does a page. */
async function cryptoAlone(): Promise<{ seal: number; open: number }> {
  const { cipher } = await newKey(KEY)
  const docs = Array.from({ length: DOCS }, (_, i) => gadget(i))
  let sealed: Uint8Array[] = []
  const seal = await timed(async () => {
    sealed = await Promise.all(docs.map((d) => cipher.seal(String(d['name']), d)))
  })
  const open = await timed(() => Promise.all(sealed.map((s, i) => cipher.open(String(docs[i]!['name']), s))))
  return { seal, open }
}

async function main(): Promise<void> {
  const plain: Timings[] = []
  const sealed: Timings[] = []
  for (let r = 0; r < RUNS; r++) {
    plain.push(await run(undefined, r))
    sealed.push(await run(KEY, r))
  }
  console.log(`${DOCS} documents (${JSON.stringify(gadget(1)).length} bytes of JSON each), median of ${RUNS} runs, Node ${process.version}`)
  console.log(`${'measurement'.padEnd(44)}plain ms   encrypted ms   ratio`)
  for (const [key, label] of [['write', 'write, pages of 1,000'], ['scan', 'scan all (unindexed like)'], ['gets', '1,000 getDoc'], ['pages', '50 list pages (Link =, modified desc, 20)']] as const) {
    const p = median(plain.map((t) => t[key]))
    const s = median(sealed.map((t) => t[key]))
    console.log(`${label.padEnd(44)}${p.toFixed(0).padStart(8)}${s.toFixed(0).padStart(15)}${(s / p).toFixed(2).padStart(8)}×`)
  }
  const alone = await cryptoAlone()
  console.log(`WebCrypto alone: seal ${DOCS} documents ${alone.seal.toFixed(0)} ms, open them ${alone.open.toFixed(0)} ms`)
}

await main()
