import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startDemoSite, type DemoServer } from './demo-server.ts'
import { adminRemote, openReplica, scratchDir } from './replica-helpers.ts'

const files = scratchDir('outpost-switch-')
let server: DemoServer

beforeAll(async () => {
  server = await startDemoSite()
})
afterAll(async () => {
  await server?.close()
  files.cleanup()
})

const customer = (name: string) => ({ customer_name: name, customer_type: 'Company', territory: 'North', customer_group: 'Commercial' })

describe('a replica file moving from stock REST to the Outpost protocol', () => {
  it('boots again under the new cursor, and what was deleted meanwhile goes', async () => {
    const file = files.path('replica.db')
    let replica = await openReplica(file, adminRemote(server, 'frappe'))
    expect((await replica.boot()).offline).toBe(false)
    await replica.close()

    const gone = await server.admin.insert('Customer', customer('Switch Gone'))
    const kept = await server.admin.insert('Customer', customer('Switch Kept'))
    replica = await openReplica(file, adminRemote(server, 'frappe'))
    await replica.sync()
    await replica.db.getDoc('Customer', String(gone['name']))
    await replica.close()
    expect((await server.admin.call('DELETE', `/api/resource/Customer/${encodeURIComponent(String(gone['name']))}`)).status).toBe(202)

    replica = await openReplica(file, adminRemote(server, 'outpost'))
    expect(await replica.sync()).toMatchObject({ offline: false, authRequired: false })
    await expect(replica.db.getDoc('Customer', String(gone['name']))).rejects.toThrow(/not found/)
    await replica.db.getDoc('Customer', String(kept['name']))
    const local = (await replica.db.getDocList('Customer', { fields: ['name'], limit: 0 })).map((d) => String(d['name'])).sort()
    expect(local).toEqual((await server.admin.list('Customer')).map((d) => String(d['name'])).sort())
    await replica.close()
  }, 120_000)
})
