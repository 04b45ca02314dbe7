import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Doc } from '@outpost/meta'
import { demoProfile } from '../test/conformance/demo-profile.ts'
import type { Fixture } from '../test/conformance/profile.ts'
import { ADMIN_KEY, ADMIN_SECRET, Api } from '../test/harness.ts'
import { testDatabase } from '../test/test-database.ts'
import { ask, connect, EventLog, loginSid } from '../test/realtime-client.ts'
import { pull, pullAll, push, tempNameOf, uuid, type Replica } from '../test/sync-harness.ts'
import { addUsers, openSite } from './site.ts'
import { startServer, type RunningServer } from './server.ts'

/**
 * Three server processes' worth of servers (three sites, three pools, three listeners) on
 * different ports against one PostgreSQL database, as behind a load balancer.
 */
const TOKEN = `${ADMIN_KEY}:${ADMIN_SECRET}`
const SI = 'Sales Invoice'
let servers: RunningServer[] = []
let apis: Api[] = []
let fx: Fixture

beforeAll(async () => {
  const db = await testDatabase()
  // started together: their schema set-up meets in the one database
  const sites = await Promise.all([0, 1, 2].map(() =>
    openSite({ ...db, doctypes: demoProfile.doctypes(), controllers: demoProfile.controllers, adminApiKey: ADMIN_KEY, adminApiSecret: ADMIN_SECRET })))
  await addUsers(sites[0]!, demoProfile.users)
  servers = await Promise.all(sites.map((site) => startServer(site, { port: 0 })))
  apis = servers.map((s) => new Api(s.url).as(TOKEN))
  fx = await demoProfile.seed(apis[0]!)
}, 120_000)

afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()))
})

const counter = (name: unknown): number => Number(String(name).split('-').at(-1))

describe('three servers on one PostgreSQL database', () => {
  it('answers every request on every server: a write through one is read through the others', async () => {
    const created = await apis[0]!.post(apis[0]!.resource('Customer'), demoProfile.customer(fx, 'Spread Customer'))
    expect(created.status).toBe(200)
    const name = String((created.body['data'] as Doc)['name'])
    for (const api of apis) expect((await api.get(api.resource('Customer', name))).status).toBe(200)
    const edited = await apis[1]!.put(apis[1]!.resource('Customer', name), { customer_name: 'Spread Customer (edited)' })
    expect(edited.status).toBe(200)
    expect(((await apis[2]!.get(apis[2]!.resource('Customer', name))).body['data'] as Doc)['customer_name']).toBe('Spread Customer (edited)')
  })

  it('keeps a login made through one server valid on the others (sessions in the database)', async () => {
    const sid = await loginSid(servers[0]!.url, 'Administrator', 'admin')
    for (const s of servers) {
      const res = await new Api(s.url, { cookie: `sid=${sid}` }).get('/api/method/frappe.auth.get_logged_user')
      expect(res.body['message']).toBe('Administrator')
    }
  })

  it('gives concurrent inserts on one series from all three distinct, consecutive names', async () => {
    const results = await Promise.all(Array.from({ length: 30 }, (_, i) => apis[i % 3]!.post(apis[i % 3]!.resource(SI), demoProfile.invoice(fx))))
    expect(results.map((r) => r.status)).toEqual(Array(30).fill(200))
    const numbers = results.map((r) => counter((r.body['data'] as Doc)['name'])).sort((a, b) => a - b)
    expect(new Set(numbers).size).toBe(30)
    expect(numbers.at(-1)! - numbers[0]!).toBe(29)
  })

  it('answers a push repeated through another server with the stored result, creating nothing more', async () => {
    const mutations = [{ mutation_id: uuid(), kind: 'insert', doctype: 'Customer', name: tempNameOf('Customer'), doc: demoProfile.customer(fx, 'Pushed Twice') }]
    const answers = await Promise.all(apis.map((api) => push(api, mutations)))
    const names = answers.map((a) => (a.results[0]?.['doc'] as Doc | undefined)?.['name'])
    expect(answers.map((a) => a.results[0]?.['status'])).toEqual(['accepted', 'accepted', 'accepted'])
    expect(new Set(names).size).toBe(1)
    const list = await apis[2]!.get(apis[2]!.resource('Customer'), { filters: [['customer_name', '=', 'Pushed Twice']], fields: ['name'] })
    expect(list.body['data']).toHaveLength(1)
  })

  it('tells a client on server 1 of writes made through server 3', async () => {
    const socket = await connect(servers[0]!.url, { token: TOKEN })
    try {
      const log = new EventLog(socket)
      expect(await ask(socket, 'doctype_subscribe', 'Customer')).toMatchObject({ ok: true })
      const created = await apis[2]!.post(apis[2]!.resource('Customer'), demoProfile.customer(fx, 'Heard Elsewhere'))
      const name = String((created.body['data'] as Doc)['name'])
      const heard = await log.listUpdate('Customer', name)
      expect(heard.message['user']).toBe('Administrator')
    } finally {
      socket.close()
    }
  })

  it('pulls through any server the same documents, whichever server took the writes', async () => {
    const replicas: Replica[] = apis.map(() => new Map())
    const runs = await Promise.all(apis.map((api, i) => pullAll(api, replicas[i]!, ['Customer'])))
    const names = replicas.map((r) => [...(r.get('Customer')?.keys() ?? [])].sort())
    expect(names[1]).toEqual(names[0])
    expect(names[2]).toEqual(names[0])
    // a cursor from one server continues on another
    const more = await apis[1]!.post(apis[1]!.resource('Customer'), demoProfile.customer(fx, 'After The Cursor'))
    const answer = await pull(apis[2]!, { doctypes: ['Customer'], cursor: runs[0]!.cursor })
    const docs = answer.lines.filter((l) => l.type === 'doc').map((l) => (l.type === 'doc' ? l.doc['name'] : undefined))
    expect(docs).toContain((more.body['data'] as Doc)['name'])
  })
})
