import { describe, expect, it } from 'vitest'
import { createReplica } from './create-replica.ts'
import { faultRemote } from './testing/fault-remote.ts'
import { memoryStore } from './testing/memory-store.ts'
import { MiniServer } from './testing/mini-server.ts'
import { SALES_META, testEnvironment } from './testing/sales-meta.ts'

describe('replica: a name taken on the server by another document while this one waits', () => {
  it('keeps the document made here; its insert is refused as a duplicate; discarding it shows the server’s', async () => {
    const mini = new MiniServer({ meta: SALES_META })
    const remote = faultRemote(mini)
    const replica = await createReplica({ store: memoryStore(), remote, doctypes: ['UOM'], env: testEnvironment() })
    await replica.boot()
    // offline, named by its field; meanwhile someone else makes the same name on the server
    remote.plan((call) => (call.op === 'push' || call.op === 'pushBatch' ? { kind: 'drop-request' } : undefined))
    const mine = await replica.db.createDoc('UOM', { uom_name: 'Box' })
    mini.serverWrite('UOM', 'Box', { doctype: 'UOM', uom_name: 'Box', docstatus: 0 })
    // the push cannot go; a pull brings the server's Box: the one made here stays
    remote.plan((call) => (call.op === 'push' || call.op === 'pushBatch' ? { kind: 'server-error', status: 503 } : undefined))
    await replica.sync()
    expect(await replica.db.getDoc('UOM', 'Box')).toMatchObject({ outpost_id: mine['outpost_id'] })
    remote.plan(() => undefined)
    expect(await replica.sync()).toMatchObject({ rejected: 1 })
    const [error] = await replica.errors.list()
    expect(error).toMatchObject({ kind: 'insert', excType: 'DuplicateEntryError', name: 'Box' })
    expect(await replica.db.getDoc('UOM', 'Box')).toMatchObject({ outpost_id: mine['outpost_id'] })
    await replica.errors.discard(error!.id)
    const box = await replica.db.getDoc('UOM', 'Box')
    expect(box['outpost_id'] ?? undefined).toBeUndefined()
    expect(box['modified']).toBe(mini.table('UOM').get('Box')?.['modified'])
    expect(replica.status).toMatchObject({ pending: 0, errors: 0 })
    expect(await replica.sync()).toMatchObject({ pushed: 0, rejected: 0 })
    expect((await replica.db.getDocList('UOM', { fields: ['name'] })).map((d) => d['name'])).toEqual(['Box'])
  })
})
