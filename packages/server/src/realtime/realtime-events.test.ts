import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { Doc } from '@outpost/meta'
import type { Socket } from 'socket.io-client'
import { demoProfile } from '../../test/conformance/demo-profile.ts'
import { startEnv, type Env } from '../../test/conformance/env.ts'
import { must, NOBODY_TOKEN, SALES_TOKEN } from '../../test/conformance/profile.ts'
import { ADMIN_KEY, ADMIN_SECRET } from '../../test/harness.ts'
import { ask, connect, EventLog, sleep } from '../../test/realtime-client.ts'
import { push, tempNameOf, uuid } from '../../test/sync-harness.ts'

const ADMIN_TOKEN = `${ADMIN_KEY}:${ADMIN_SECRET}`
const M = '/api/method/'
const SI = 'Sales Invoice'

let env: Env
const open: Socket[] = []

beforeAll(async () => {
  env = await startEnv(demoProfile)
})
afterEach(() => {
  for (const s of open.splice(0)) s.close()
})
afterAll(() => env.ts.close())

/** A connected socket of `token`, subscribed to `doctypes`, and the log of what it hears. */
async function listener(token: string, doctypes: readonly string[], reconnection = false): Promise<{ socket: Socket; log: EventLog }> {
  const socket = await connect(env.ts.server.url, { token, reconnection })
  open.push(socket)
  const log = new EventLog(socket)
  for (const d of doctypes) expect(await ask(socket, 'doctype_subscribe', d)).toMatchObject({ ok: true })
  return { socket, log }
}

const customer = (name: string, territory = 'North'): Doc => env.profile.customer(env.fx, name, territory)
const insertCustomer = (name: string, territory = 'North'): Promise<Doc> => must(env.admin.post(env.admin.resource('Customer'), customer(name, territory)), `insert ${name}`)
const names = (log: EventLog, event = 'list_update'): string[] => log.of(event).map((m) => String(m['name']))

describe('hints after REST writes', () => {
  it('insert, update and delete: list_update to the DocType room, doc_update to the document room', async () => {
    const { socket, log } = await listener(ADMIN_TOKEN, ['Customer'])
    const created = await insertCustomer('Realtime Insert')
    const name = String(created['name'])
    expect((await log.listUpdate('Customer', name)).message).toEqual({ doctype: 'Customer', name, user: 'Administrator' })
    expect(log.of('doc_update')).toEqual([])

    expect(await ask(socket, 'doc_subscribe', 'Customer', name)).toEqual({ ok: true, room: `doc:Customer/${name}` })
    const updated = await must(env.admin.put(env.admin.resource('Customer', name), { customer_type: 'Individual' }), 'update')
    const docUpdate = await log.waitFor((h) => h.event === 'doc_update')
    expect(docUpdate.message).toEqual({ modified: updated['modified'], doctype: 'Customer', name })

    expect((await env.admin.delete(env.admin.resource('Customer', name))).status).toBe(202)
    await log.waitFor((h) => h.event === 'doc_update' && h !== docUpdate)
    expect(log.of('doc_update')).toEqual([docUpdate.message, { modified: updated['modified'], doctype: 'Customer', name }])
    await log.waitFor(() => names(log).length === 3)
    expect(names(log)).toEqual([name, name, name])
  })

  it('submit and cancel: a hint each, with the new modified', async () => {
    const { socket, log } = await listener(ADMIN_TOKEN, [SI])
    const draft = await must(env.admin.post(env.admin.resource(SI), env.profile.invoice(env.fx)), 'invoice')
    const name = String(draft['name'])
    await log.listUpdate(SI, name)
    expect(await ask(socket, 'doc_subscribe', SI, name)).toMatchObject({ ok: true })
    const submitted = await must(env.admin.put(env.admin.resource(SI, name), { docstatus: 1 }), 'submit')
    await log.waitFor((h) => h.event === 'doc_update' && h.message['modified'] === submitted['modified'])
    const cancelled = await env.admin.post(`${M}frappe.client.cancel`, { doctype: SI, name })
    expect(cancelled.status).toBe(200)
    const stored = await must(env.admin.get(env.admin.resource(SI, name)), 'read back')
    await log.waitFor((h) => h.event === 'doc_update' && h.message['modified'] === stored['modified'])
    expect(names(log)).toEqual([name, name, name])
  })

  it('rename: doc_rename to the old name\'s room, list_update for the new name', async () => {
    const { socket, log } = await listener(ADMIN_TOKEN, ['Customer'])
    const created = await insertCustomer('Realtime Rename')
    const old = String(created['name'])
    expect(await ask(socket, 'doc_subscribe', 'Customer', old)).toMatchObject({ ok: true })
    const res = await env.admin.post(`${M}frappe.client.rename_doc`, { doctype: 'Customer', old_name: old, new_name: 'Realtime Renamed Ltd' })
    expect(res.body['message']).toBe('Realtime Renamed Ltd')
    expect((await log.waitFor((h) => h.event === 'doc_rename')).message).toEqual({ doctype: 'Customer', old, new: 'Realtime Renamed Ltd' })
    await log.listUpdate('Customer', 'Realtime Renamed Ltd')
  })

  it('nothing for a refused insert: the next hint heard is the next committed change', async () => {
    const { log } = await listener(ADMIN_TOKEN, ['Customer'])
    const refused = await env.admin.post(env.admin.resource('Customer'), { customer_type: 'Company', territory: 'North' })
    expect(refused.status).toBe(417)
    const next = await insertCustomer('Realtime After Refusal')
    await log.listUpdate('Customer', String(next['name']))
    expect(names(log)).toEqual([next['name']])
  })
})

describe('hints after outpost.sync.push', () => {
  it('announces accepted mutations after the batch commits, and none for one undone by its savepoint', async () => {
    const { log } = await listener(ADMIN_TOKEN, ['Customer'])
    const first = { mutation_id: uuid(), outpost_id: uuid(), kind: 'insert', doctype: 'Customer', name: tempNameOf('Customer'), base_modified: null, doc: customer('Pushed Realtime') }
    // The same temp name again under new ids: inserted, then undone when its temp name clashes.
    const again = { ...first, mutation_id: uuid(), outpost_id: uuid(), doc: customer('Pushed Twice') }
    const res = await push(env.admin, [first, again])
    expect(res.results.map((r) => r['status'])).toEqual(['accepted', 'rejected'])
    const accepted = String((res.results[0]?.['doc'] as Doc)['name'])
    const update = { mutation_id: uuid(), kind: 'update', doctype: 'Customer', name: first.name, base_modified: null, doc: { customer_type: 'Individual' } }
    expect((await push(env.admin, [update])).results.map((r) => r['status'])).toEqual(['accepted'])
    const after = await insertCustomer('Realtime After Push')
    await log.listUpdate('Customer', String(after['name']))
    expect(names(log)).toEqual([accepted, accepted, after['name']])
  })
})

describe('who hears what', () => {
  it('a user restricted by User Permissions hears only of documents they may read, before or after the change', async () => {
    const sales = await listener(SALES_TOKEN, ['Customer'])
    const admin = await listener(ADMIN_TOKEN, ['Customer'])
    const south = await insertCustomer('Realtime South', 'South')
    const north = await insertCustomer('Realtime North', 'North')
    await sales.log.listUpdate('Customer', String(north['name']))
    expect(names(sales.log)).toEqual([north['name']])
    // Moved out of reach: the sales user still hears, so the replica can drop it.
    await must(env.admin.put(env.admin.resource('Customer', String(north['name'])), { territory: 'South' }), 'move')
    await must(env.admin.put(env.admin.resource('Customer', String(south['name'])), { customer_type: 'Individual' }), 'south edit')
    await admin.log.listUpdate('Customer', String(south['name']))
    await sales.log.waitFor(() => names(sales.log).length === 2)
    await sleep(100)
    expect(names(sales.log)).toEqual([north['name'], north['name']])
    expect(names(admin.log)).toEqual([south['name'], north['name'], north['name'], south['name']])
  })

  it('a user who may not read the DocType hears nothing of it', async () => {
    const nobody = await listener(NOBODY_TOKEN, [])
    expect(await ask(nobody.socket, 'doctype_subscribe', 'Customer')).toMatchObject({ ok: false, exc_type: 'PermissionError' })
    const admin = await listener(ADMIN_TOKEN, ['Customer'])
    const created = await insertCustomer('Realtime Unseen')
    await admin.log.listUpdate('Customer', String(created['name']))
    await sleep(150)
    expect(nobody.log.heard).toEqual([])
  })

  it('stops hearing after doctype_unsubscribe', async () => {
    const { socket, log } = await listener(ADMIN_TOKEN, ['Customer', 'Item'])
    expect(await ask(socket, 'doctype_unsubscribe', 'Customer')).toEqual({ ok: true, room: 'doctype:Customer' })
    await insertCustomer('Realtime Unsubscribed')
    const item = await must(env.admin.post(env.admin.resource('Item'), { item_code: 'RT-1', item_name: 'RT', item_group: 'All Item Groups', stock_uom: 'Nos' }), 'item')
    await log.listUpdate('Item', String(item['name']))
    expect(log.heard.map((h) => h.message['doctype'])).toEqual(['Item'])
  })
})

describe('reconnects', () => {
  it('rooms do not survive a dropped connection: after reconnecting, a client hears only once it subscribed again', async () => {
    const { socket, log } = await listener(ADMIN_TOKEN, ['Customer'], true)
    const dropped = new Promise<string>((resolve) => socket.once('disconnect', (reason) => resolve(reason)))
    const reconnected = new Promise<void>((resolve) => socket.io.once('reconnect', () => socket.once('connect', () => resolve())))
    socket.io.engine.close()
    await dropped
    await reconnected
    expect(socket.connected).toBe(true)
    const missed = await insertCustomer('Realtime While Unsubscribed')
    expect(await ask(socket, 'doctype_subscribe', 'Customer')).toMatchObject({ ok: true })
    const heard = await insertCustomer('Realtime Resubscribed')
    await log.listUpdate('Customer', String(heard['name']))
    expect(names(log)).toEqual([heard['name']])
    expect(names(log)).not.toContain(missed['name'])
  })
})
