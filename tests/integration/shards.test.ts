import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createReplica, type Replica, type ShardRoute } from '@outpost/core'
import { demoControllers, generateDemo, loadDemoDocTypes, openSite, seedDemo, startServer, type RunningServer, type Site } from '@outpost/server'
import { outpostRemote } from '@outpost/remote-outpost'
import { frappeRemote } from '@outpost/remote-frappe'
import { sqliteStore } from '@outpost/store-sqlite'
import { DEMO_TOKEN, resourcePath } from './demo-server.ts'
import { DOCTYPES, REMOTES, TEMP_NAME_PATTERN, invoiceInput, localDump, paymentInput, scratchDir, someItem, type Doc, type RemoteKind } from './replica-helpers.ts'

const [KEY, SECRET] = DEMO_TOKEN.split(':') as [string, string]
const NORTH_COMPANY = 'Outpost Demo'
const SOUTH_COMPANY = 'South Demo'

/** Company A's documents on north, company B's on south; masters of no company on both, north their home. */
const route: ShardRoute = (doctype, doc) => {
  const company = doctype === 'Company' ? doc['name'] : doc['company']
  return company === NORTH_COMPANY ? ['north'] : company === SOUTH_COMPANY ? ['south'] : ['north', 'south']
}

/** A reference server on a SQLite file: stopped and started again on the same port and data. */
class ShardServer {
  site!: Site
  server!: RunningServer
  port = 0
  constructor(readonly file: string) {}

  async start(): Promise<this> {
    this.site = await openSite({ dbPath: this.file, doctypes: loadDemoDocTypes(), controllers: demoControllers, adminApiKey: KEY, adminApiSecret: SECRET })
    this.server = await startServer(this.site, { port: this.port })
    this.port = Number(new URL(this.server.url).port)
    return this
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`
  }

  stop(): Promise<void> {
    return this.server.close()
  }

  async call(method: string, path: string, body?: unknown): Promise<Doc> {
    const res = await fetch(this.url + path, { method, headers: { authorization: `token ${DEMO_TOKEN}`, 'content-type': 'application/json' }, body: body === undefined ? null : JSON.stringify(body) })
    const json = (await res.json()) as Doc
    if (res.status !== 200) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json).slice(0, 300)}`)
    return json['data'] as Doc
  }

  insert(doctype: string, doc: Doc): Promise<Doc> {
    return this.call('POST', resourcePath(doctype), doc)
  }

  async names(doctype: string, filters: unknown[] = []): Promise<string[]> {
    const q = new URLSearchParams({ filters: JSON.stringify(filters), fields: '["name"]', limit_page_length: '0' })
    return ((await this.call('GET', `${resourcePath(doctype)}?${q.toString()}`)) as unknown as Doc[]).map((d) => String(d['name'])).sort()
  }
}

/** South: the demo's masters (the same as north's), no transactions, a second company, and series far from north's. */
async function seedSouth(south: ShardServer): Promise<void> {
  await generateDemo('small', 42, async (doctype, doc, submit) => {
    if (doctype === 'Sales Invoice' || doctype === 'Payment Entry') return `skipped-${doctype}`
    return String((await south.insert(doctype, submit ? { ...doc, docstatus: 1 } : doc))['name'])
  })
  await south.insert('Company', { company_name: SOUTH_COMPANY, abbr: 'SD', default_currency: 'INR', country: 'India' })
  const account = async (account_name: string, extra: Doc): Promise<string> => String((await south.insert('Account', { account_name, company: SOUTH_COMPANY, account_currency: 'INR', is_group: 0, ...extra }))['name'])
  const assets = await account('Application of Funds (Assets)', { is_group: 1, root_type: 'Asset' })
  const income = await account('Income', { is_group: 1, root_type: 'Income' })
  await account('Debtors', { parent_account: assets, root_type: 'Asset', account_type: 'Receivable' })
  await account('Cash', { parent_account: assets, root_type: 'Asset', account_type: 'Cash' })
  await account('Sales', { parent_account: income, root_type: 'Income', account_type: 'Income Account' })
  const root = await south.insert('Cost Center', { cost_center_name: SOUTH_COMPANY, company: SOUTH_COMPANY, is_group: 1 })
  await south.insert('Cost Center', { cost_center_name: 'Main', parent_cost_center: root['name'], company: SOUTH_COMPANY, is_group: 0 })
  // Two sites, two series: south numbers its invoices and payments from 50000 (Frappe's "Update Series Number").
  await south.site.db.transaction(async (tx) => {
    for (const year of [2025, 2026, 2027]) {
      for (const prefix of [`ACC-SINV-${year}-`, `ACC-PAY-${year}-`]) await tx.run(`INSERT INTO "tabSeries" ("name", "current") VALUES (?, 50000) ON CONFLICT ("name") DO UPDATE SET "current" = 50000`, [prefix])
    }
  })
}

function remoteOf(kind: RemoteKind, url: string) {
  return kind === 'outpost' ? outpostRemote({ url, token: DEMO_TOKEN }) : frappeRemote({ url, token: DEMO_TOKEN })
}

describe.each(REMOTES)('one replica over two reference servers as shards (%s remotes)', (kind) => {
  const files = scratchDir(`outpost-shards-${kind}-`)
  const north = new ShardServer(files.path('north.db'))
  const south = new ShardServer(files.path('south.db'))
  let replica: Replica

  beforeAll(async () => {
    await north.start()
    await seedDemo(north.site, 'small')
    await south.start()
    await seedSouth(south)
    replica = await createReplica({
      store: sqliteStore({ path: files.path('replica.db') }), doctypes: [...DOCTYPES],
      shards: { remotes: { north: remoteOf(kind, north.url), south: remoteOf(kind, south.url) }, route },
    })
  }, 120_000)
  afterAll(async () => {
    await replica?.close()
    await north.stop().catch(() => undefined)
    await south.stop().catch(() => undefined)
    files.cleanup()
  })

  it('boots from both: each company\'s documents from its own shard, the shared masters once', async () => {
    expect((await replica.boot()).offline).toBe(false)
    const invoices = await replica.db.getDocList('Sales Invoice', { fields: ['name', 'company'], limit: 0 })
    expect(invoices.length).toBe((await north.names('Sales Invoice')).length)
    expect(new Set(invoices.map((d) => d['company']))).toEqual(new Set([NORTH_COMPANY]))
    expect((await replica.db.getDoc('Company', SOUTH_COMPANY))['abbr']).toBe('SD')
    expect(await replica.db.getCount('Customer')).toBe((await north.names('Customer')).length)
    expect(replica.status.shards).toMatchObject({ north: { online: true }, south: { online: true } })
    expect(replica.status.shards?.['north']?.notes).toEqual([])
    expect(replica.status.shards?.['south']?.notes).toEqual([])
  })

  it('works offline on both companies, syncs north while south is down, and converges when south is back', async () => {
    const item = await someItem(replica)
    const customer = await replica.db.createDoc('Customer', { customer_name: `Shard Customer ${kind}`, customer_type: 'Company', customer_group: 'Commercial', territory: 'South' })
    const northInvoice = await replica.db.createDoc('Sales Invoice', invoiceInput(customer['name'], item, 2))
    const southInvoice = await replica.db.createDoc('Sales Invoice', invoiceInput(customer['name'], item, 3, { company: SOUTH_COMPANY }))
    await replica.db.submitDoc('Sales Invoice', String(southInvoice['name']))
    const payment = await replica.db.createDoc('Payment Entry', { ...paymentInput(customer['name'], southInvoice['name'], 30), company: SOUTH_COMPANY })
    // A north invoice cannot link a south-only document: refused here, before it is queued.
    const misplaced = await replica.db.createDoc('Sales Invoice', invoiceInput(customer['name'], item, 1, { debit_to: 'Debtors - SD' })).catch((e: unknown) => e)
    expect(misplaced).toMatchObject({ code: 'VALIDATION' })

    await south.stop()
    const partial = await replica.sync()
    expect(partial.offline).toBe(false)
    expect(replica.status.shards?.['south']).toMatchObject({ online: false })
    expect(replica.status.pending).toBeGreaterThan(0)
    const northSide = await north.names('Sales Invoice', [['outpost_id', '=', String(northInvoice['outpost_id'])]])
    if (kind === 'outpost') expect(northSide).toHaveLength(1)

    await south.start()
    await replica.sync()
    await replica.sync()
    expect(await replica.errors.list()).toEqual([])
    expect(replica.status).toMatchObject({ pending: 0, errors: 0, conflicts: 0 })
    expect(await localDump(replica)).not.toMatch(TEMP_NAME_PATTERN)

    const finalCustomer = (await replica.db.getDocList('Customer', { fields: ['name'], filters: { outpost_id: customer['outpost_id'] } }))[0]?.['name']
    const onNorth = await north.names('Sales Invoice', [['customer', '=', finalCustomer]])
    const onSouth = await south.names('Sales Invoice', [['customer', '=', finalCustomer]])
    expect(onNorth).toHaveLength(1)
    expect(onSouth).toHaveLength(1)
    // Each shard holds only its own company's invoices and payments.
    expect(await north.names('Sales Invoice', [['company', '=', SOUTH_COMPANY]])).toEqual([])
    expect(await south.names('Sales Invoice', [['company', '=', NORTH_COMPANY]])).toEqual([])
    expect(await north.names('Payment Entry', [['company', '=', SOUTH_COMPANY]])).toEqual([])
    const southPayments = await south.names('Payment Entry', [['party', '=', finalCustomer]])
    expect(southPayments).toHaveLength(1)
    // The customer, shared, has one name on both shards; the south invoice is submitted there.
    expect(await south.names('Customer', [['name', '=', finalCustomer]])).toEqual([finalCustomer])
    const southDoc = await south.call('GET', resourcePath('Sales Invoice', onSouth[0]!))
    expect(southDoc).toMatchObject({ docstatus: 1, customer: finalCustomer, company: SOUTH_COMPANY })
    const paid = await south.call('GET', resourcePath('Payment Entry', southPayments[0]!))
    expect((paid['references'] as Doc[])[0]?.['reference_name']).toBe(onSouth[0])
    // And the replica has both under their final names.
    expect((await replica.db.getDoc('Sales Invoice', onNorth[0]!))['company']).toBe(NORTH_COMPANY)
    expect((await replica.db.getDoc('Sales Invoice', onSouth[0]!))['docstatus']).toBe(1)
    expect(String(payment['name'])).not.toBe(southPayments[0])
  })
})
