import { describe, expect, it } from 'vitest'
import type { Doc } from '@outpost/meta'
import type { DocQuery, LocalStore, PutOptions } from './ports/local-store.ts'
import { memoryStore } from './testing/memory-store.ts'
import { names, ops, open, pulls, seeded } from './testing/change-log-replicas.ts'

describe('change-log pull: boot', () => {
  it('resumes an interrupted boot from its stored cursor: no page is asked for twice', async () => {
    const mini = seeded(10)
    const store = memoryStore()
    const { replica, remote } = await open(mini, store)
    remote.plan((call) => (call.op === 'pull' && pulls(remote).length >= 2 ? { kind: 'drop-request' } : undefined))
    expect((await replica.boot()).offline).toBe(true)
    expect(await names(replica)).toHaveLength(8)
    const [, second, third] = pulls(remote)
    expect(third?.cursor).toBeDefined()
    remote.plan(() => undefined)
    const before = pulls(remote).length
    expect(await replica.boot()).toMatchObject({ offline: false })
    // The first request of the new run carries the cursor the failed one had: pages 1 and 2 are not read again.
    expect(pulls(remote)[before]).toEqual(third)
    expect(second?.cursor).not.toEqual(third?.cursor)
    expect(await names(replica)).toEqual([...mini.table('Customer').keys()].sort())
  })

  it('delivers, after the snapshot, a change committed while the boot ran', async () => {
    const mini = seeded(6)
    const { replica, remote } = await open(mini)
    remote.plan((call) => {
      if (call.op === 'pull' && pulls(remote).length === 1) mini.serverWrite('Customer', 'CUST-001', { customer_name: 'Changed during boot' })
      return undefined
    })
    await replica.boot()
    expect(await replica.db.getDoc('Customer', 'CUST-001')).toMatchObject({ customer_name: 'Changed during boot', modified: mini.table('Customer').get('CUST-001')?.['modified'] })
  })
})

/** A store that records, per document put in its writes, whether it was handed over. */
function handOvers(store: LocalStore): { store: LocalStore; puts: { name: string; handOver: boolean }[] } {
  const puts: { name: string; handOver: boolean }[] = []
  const write: LocalStore['write'] = (fn) => store.write((tx) => fn(new Proxy(tx, {
    get(target, key, receiver) {
      if (key !== 'putDoc') return Reflect.get(target, key, receiver)
      return (doctype: string, doc: Doc, options?: PutOptions) => {
        puts.push({ name: String(doc['name']), handOver: options?.handOver === true })
        return target.putDoc(doctype, doc, options)
      }
    },
  })))
  return { store: { ...store, write, read: (fn) => store.read(fn), open: (s) => store.open(s), close: () => store.close(), destroy: () => store.destroy() }, puts }
}

describe('change-log pull: documents handed to the store', () => {
  it('hands every pulled document over (no copy needed); a local save, whose document the caller keeps, does not', async () => {
    const mini = seeded(5)
    const wrapped = handOvers(memoryStore())
    const { replica } = await open(mini, wrapped.store)
    await replica.sync()
    expect(wrapped.puts.map((p) => p.name).sort()).toEqual(['CUST-001', 'CUST-002', 'CUST-003', 'CUST-004', 'CUST-005'])
    expect(wrapped.puts.every((p) => p.handOver)).toBe(true)
    wrapped.puts.length = 0
    await replica.db.createDoc('Customer', { customer_name: 'Local' })
    expect(wrapped.puts).toHaveLength(1)
    expect(wrapped.puts[0]!.handOver).toBe(false)
  })
})

describe('change-log pull: a boot into a store that already holds documents', () => {
  it('drops what the snapshot no longer has: an insert whose answer was lost, deleted by another user before the retry', async () => {
    const mini = seeded(0)
    const a = await open(mini)
    const b = await open(mini)
    // B works offline before its first pull; its push reaches the server, the answer is lost
    const customer = await b.replica.db.createDoc('Customer', { customer_name: 'Walk-in' })
    await b.replica.db.createDoc('Sales Invoice', { customer: customer['name'], items: [{ item: 'W', qty: 1, rate: 3 }] })
    b.remote.plan((call) => (call.op === 'pushBatch' ? { kind: 'drop-response' } : undefined))
    expect((await b.replica.sync()).offline).toBe(true)
    b.remote.plan(() => undefined)
    // A sees the invoice and deletes it on the server
    await a.replica.sync()
    const [invoice] = await names(a.replica, 'Sales Invoice')
    await a.replica.db.deleteDoc('Sales Invoice', invoice!)
    await a.replica.sync()
    expect([...mini.table('Sales Invoice').keys()]).toEqual([])
    // B's retry is answered with the stored result (the invoice as it was accepted), then B boots
    expect(await b.replica.sync()).toMatchObject({ offline: false, pushed: 2 })
    expect(await names(b.replica, 'Sales Invoice')).toEqual([])
    expect(await names(b.replica)).toEqual([...mini.table('Customer').keys()])
    expect(b.replica.status.pending).toBe(0)
  })
})

/** A store that counts the lookups of documents by `outpost_id` made in its writes. */
function twinLookups(store: LocalStore): { store: LocalStore; lookups: () => number } {
  let lookups = 0
  const write: LocalStore['write'] = (fn) => store.write((tx) => fn(new Proxy(tx, {
    get(target, key, receiver) {
      if (key !== 'queryDocs') return Reflect.get(target, key, receiver)
      return (doctype: string, q?: DocQuery) => {
        if (q?.filters?.some((c) => c.field === 'outpost_id')) lookups++
        return target.queryDocs(doctype, q)
      }
    },
  })))
  return { store: { ...store, write, read: (fn) => store.read(fn), open: (s) => store.open(s), close: () => store.close(), destroy: () => store.destroy() }, lookups: () => lookups }
}

describe('change-log pull: documents created by Outpost clients (with an outpost_id)', () => {
  it('boots them with no lookup of local twins while the outbox is empty', async () => {
    const mini = seeded(0)
    for (let i = 1; i <= 10; i++) mini.serverWrite('Customer', `CUST-${100 + i}`, { doctype: 'Customer', customer_name: `Made elsewhere ${i}`, outpost_id: `elsewhere-${i}` })
    const counted = twinLookups(memoryStore())
    const { replica } = await open(mini, counted.store)
    expect(await replica.boot()).toMatchObject({ pulled: 10, offline: false })
    expect(counted.lookups()).toBe(0)
  })

  it('adopts the document of an insert whose answer was lost when a pull brings it first: one lookup for its page', async () => {
    const mini = seeded(0)
    for (let i = 1; i <= 3; i++) mini.serverWrite('Customer', `CUST-${100 + i}`, { doctype: 'Customer', customer_name: `Made elsewhere ${i}`, outpost_id: `elsewhere-${i}` })
    const counted = twinLookups(memoryStore())
    const { replica, remote } = await open(mini, counted.store)
    await replica.boot()
    const local = await replica.db.createDoc('Customer', { customer_name: 'Walk-in' })
    remote.plan((call) => (call.op === 'pushBatch' ? { kind: 'drop-response' } : undefined))
    expect((await replica.sync()).offline).toBe(true)
    // the retry is refused for now (429), and the pull after it brings the document first
    remote.plan((call) => (call.op === 'pushBatch' ? { kind: 'rate-limit', retryAfterMs: 60_000 } : undefined))
    const renames: string[] = []
    replica.on('rename', (r) => renames.push(`${r.from} -> ${r.to}`))
    await replica.sync()
    const [serverName] = [...mini.table('Customer').values()].filter((d) => d['outpost_id'] === local['outpost_id']).map((d) => String(d['name']))
    expect(renames).toEqual([`${String(local['name'])} -> ${serverName}`])
    expect(await names(replica)).toEqual([...mini.table('Customer').keys()].sort())
    expect(replica.status.pending).toBe(0)
    expect(counted.lookups()).toBe(1)
  })
})

describe('change-log pull: incremental', () => {
  it('applies a server rename: the document and every link to it take the new name', async () => {
    const mini = seeded(2)
    mini.serverWrite('Sales Invoice', 'SINV-001', { doctype: 'Sales Invoice', customer: 'CUST-001', items: [{ item: 'W', qty: 1, rate: 5 }] })
    const { replica, remote } = await open(mini)
    await replica.boot()
    const renames: string[] = []
    replica.on('rename', (e) => renames.push(`${e.doctype}:${e.from}->${e.to}`))
    mini.serverRename('Customer', 'CUST-001', 'CUST-100')
    expect(await replica.sync()).toMatchObject({ offline: false, rejected: 0 })
    expect(renames).toEqual(['Customer:CUST-001->CUST-100'])
    expect(await names(replica)).toEqual(['CUST-002', 'CUST-100'])
    expect(await replica.db.getDoc('Sales Invoice', 'SINV-001')).toMatchObject({ customer: 'CUST-100' })
    expect(await replica.db.getDoc('Customer', 'CUST-100')).toMatchObject({ customer_name: 'Customer 1' })
    expect(ops(remote, 'listNames')).toBe(0)
  })

  it('moves a change still queued to the new name, so it reaches the renamed document', async () => {
    const mini = seeded(2)
    const { replica, remote, env } = await open(mini)
    await replica.boot()
    await replica.db.updateDoc('Customer', 'CUST-002', { notes: 'offline note' })
    mini.serverRename('Customer', 'CUST-002', 'CUST-200')
    // The push waits for a backoff; the pull goes on and renames the document under the queued change.
    remote.plan((call) => (call.op === 'pushBatch' ? { kind: 'server-error', status: 503 } : undefined))
    await replica.sync()
    expect(await names(replica)).toEqual(['CUST-001', 'CUST-200'])
    expect(await replica.db.getDoc('Customer', 'CUST-200')).toMatchObject({ notes: 'offline note' })
    remote.plan(() => undefined)
    env.advance(10 * 60_000)
    expect(await replica.sync()).toMatchObject({ pushed: 1, rejected: 0, conflicts: 0 })
    expect(mini.table('Customer').get('CUST-200')).toMatchObject({ notes: 'offline note' })
    expect(replica.status.pending).toBe(0)
  })

  it('rewrites queued changes of other documents that link to the renamed one', async () => {
    const mini = seeded(1)
    const { replica, remote, env } = await open(mini)
    await replica.boot()
    const inv = await replica.db.createDoc('Sales Invoice', { customer: 'CUST-001', items: [{ item: 'W', qty: 1, rate: 5 }] })
    mini.serverRename('Customer', 'CUST-001', 'CUST-100')
    remote.plan((call) => (call.op === 'pushBatch' ? { kind: 'server-error', status: 503 } : undefined))
    await replica.sync()
    expect(await replica.db.getDoc('Sales Invoice', String(inv['name']))).toMatchObject({ customer: 'CUST-100' })
    remote.plan(() => undefined)
    env.advance(10 * 60_000)
    expect(await replica.sync()).toMatchObject({ pushed: 1, rejected: 0 })
    expect([...mini.table('Sales Invoice').values()][0]).toMatchObject({ customer: 'CUST-100' })
  })

  it('a change refused because the server renamed its document follows the rename, and its retry goes through', async () => {
    const mini = seeded(2)
    const { replica } = await open(mini)
    await replica.boot()
    await replica.db.updateDoc('Customer', 'CUST-001', { notes: 'queued before the rename' })
    mini.serverRename('Customer', 'CUST-001', 'CUST-100')
    expect(await replica.sync()).toMatchObject({ rejected: 1, offline: false })
    const [entry] = await replica.errors.list()
    expect(entry).toMatchObject({ name: 'CUST-100', excType: 'DoesNotExistError' })
    expect(await replica.db.getDoc('Customer', 'CUST-100')).toMatchObject({ notes: 'queued before the rename' })
    await replica.errors.retry(entry!.id)
    expect(await replica.sync()).toMatchObject({ pushed: 1, rejected: 0 })
    expect(mini.table('Customer').get('CUST-100')).toMatchObject({ notes: 'queued before the rename' })
  })

  it('a delete made here and on the server settles: nothing queued, no error left, nothing comes back', async () => {
    const mini = seeded(2)
    const a = await open(mini)
    const b = await open(mini)
    await a.replica.boot()
    await b.replica.boot()
    await b.replica.db.deleteDoc('Customer', 'CUST-001')
    await a.replica.db.deleteDoc('Customer', 'CUST-001')
    await a.replica.sync()
    // B's delete is refused (not found); the change log's deletion then settles it
    expect(await b.replica.sync()).toMatchObject({ rejected: 1, offline: false })
    expect(b.replica.status.pending).toBe(0)
    expect(await b.replica.errors.list()).toEqual([])
    expect(await names(b.replica)).toEqual(['CUST-002'])
    await b.replica.sync()
    expect(await names(b.replica)).toEqual(['CUST-002'])
  })

  it('a delete queued here follows a server rename, and its retry deletes the renamed document', async () => {
    const mini = seeded(2)
    const { replica } = await open(mini)
    await replica.boot()
    await replica.db.deleteDoc('Customer', 'CUST-001')
    mini.serverRename('Customer', 'CUST-001', 'CUST-100')
    expect(await replica.sync()).toMatchObject({ rejected: 1, offline: false })
    const [entry] = await replica.errors.list()
    expect(entry).toMatchObject({ name: 'CUST-100', excType: 'DoesNotExistError' })
    // still deleted here, under either name
    expect(await names(replica)).toEqual(['CUST-002'])
    await replica.errors.retry(entry!.id)
    expect(await replica.sync()).toMatchObject({ pushed: 1, rejected: 0 })
    expect([...mini.table('Customer').keys()]).toEqual(['CUST-002'])
    expect(await names(replica)).toEqual(['CUST-002'])
    expect(replica.status.pending).toBe(0)
  })

  it('applies deletions from the change log and never lists names on its own', async () => {
    const mini = seeded(3)
    const { replica, remote } = await open(mini)
    await replica.boot()
    mini.serverDelete('Customer', 'CUST-002')
    mini.serverWrite('Customer', 'CUST-004', { doctype: 'Customer', customer_name: 'New' })
    expect(await replica.sync()).toMatchObject({ pulled: 1, deleted: 1 })
    expect(await names(replica)).toEqual(['CUST-001', 'CUST-003', 'CUST-004'])
    expect(ops(remote, 'listNames')).toBe(0)
  })
})

describe('change-log pull: a deletion meets a change made here', () => {
  it('keeps a queued submit and cancel as conflict fields, not only updates', async () => {
    const mini = seeded(2)
    for (const n of ['SINV-001', 'SINV-002']) mini.serverWrite('Sales Invoice', n, { doctype: 'Sales Invoice', customer: 'CUST-001', items: [{ item: 'A', qty: 1 }] })
    mini.serverWrite('Sales Invoice', 'SINV-003', { doctype: 'Sales Invoice', customer: 'CUST-001', docstatus: 1, items: [{ item: 'A', qty: 1 }] })
    const { replica, remote } = await open(mini)
    await replica.boot()
    // the pushes wait (a 429): the changes stay queued when the deletions come
    remote.plan((call) => (call.op === 'pushBatch' || call.op === 'push' ? { kind: 'rate-limit', retryAfterMs: 60_000 } : undefined))
    await replica.db.updateDoc('Sales Invoice', 'SINV-001', { remarks: 'edited here' })
    await replica.db.submitDoc('Sales Invoice', 'SINV-002')
    await replica.db.cancelDoc('Sales Invoice', 'SINV-003')
    for (const n of ['SINV-001', 'SINV-002', 'SINV-003']) mini.serverDelete('Sales Invoice', n)
    await replica.sync()
    const fields = Object.fromEntries((await replica.conflicts.list()).map((c) => [c.name, c.fields.map((f) => [f.field, f.local])]))
    expect(fields['SINV-001']).toContainEqual(['remarks', 'edited here'])
    expect(fields['SINV-002']).toEqual([['docstatus', 1]])
    expect(fields['SINV-003']).toEqual([['docstatus', 2]])
    expect(replica.status.pending).toBe(0)
  })
})

describe('change-log pull: visibility', () => {
  it('reconciles a doctype when the server says the user’s view of it changed', async () => {
    const mini = seeded(4)
    const { replica, remote } = await open(mini)
    await replica.boot()
    mini.setVisible('Customer', ['CUST-002', 'CUST-003'], false)
    expect(await replica.sync()).toMatchObject({ deleted: 2, offline: false })
    expect(await names(replica)).toEqual(['CUST-001', 'CUST-004'])
    expect(ops(remote, 'listNames')).toBe(1)
    mini.setVisible('Customer', ['CUST-002'], true)
    await replica.sync()
    expect(await names(replica)).toEqual(['CUST-001', 'CUST-002', 'CUST-004'])
    // Nothing changed since: no listing.
    await replica.sync()
    expect(ops(remote, 'listNames')).toBe(2)
  })

  it('does not forget a reconciliation cut short: the next sync does it', async () => {
    const mini = seeded(3)
    const { replica, remote } = await open(mini)
    await replica.boot()
    mini.setVisible('Customer', ['CUST-001'], false)
    remote.plan((call) => (call.op === 'listNames' ? { kind: 'drop-request' } : undefined))
    expect((await replica.sync()).offline).toBe(true)
    expect(await names(replica)).toContain('CUST-001')
    remote.plan(() => undefined)
    expect(await replica.sync()).toMatchObject({ offline: false, deleted: 1 })
    expect(await names(replica)).toEqual(['CUST-002', 'CUST-003'])
  })
})
