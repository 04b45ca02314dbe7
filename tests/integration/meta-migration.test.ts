import { afterAll, describe, expect, it } from 'vitest'
import { createReplica, type Replica, type SyncErrorEntry } from '@outpost/core'
import { demoClientHooks } from '@outpost/demo'
import { sqliteStore } from '@outpost/store-sqlite'
import { DEMO_TOKEN } from './demo-server.ts'
import { REMOTES, remoteFor, scratchDir, type Doc } from './replica-helpers.ts'
import { rest, serverList, siteAfter, siteBefore, startFileSite, UPGRADED, type FileSite } from './meta-upgrade-site.ts'

const DOCTYPES = ['Customer', 'Sales Invoice', 'Payment Entry']
const FIELD_CUSTOMERS = 300

/** Queued changes of every kind, made while the laptop is offline; what each should become. */
interface OfflineWork {
  readonly created: Doc[]
  readonly withWebsite: Doc
  readonly badVisits: Doc
  readonly updatedWebsite: string
  readonly updatedClean: string
  readonly deleted: string
  readonly invoice: Doc
  readonly warehouseInvoice: Doc
  readonly submitted: string
  readonly cancelled: string
  readonly payment: Doc
}

async function firstLocal(replica: Replica, doctype: string, filters: unknown): Promise<Doc[]> {
  return replica.db.getDocList(doctype, { fields: ['name'], filters, orderBy: { field: 'name', order: 'asc' }, limit: 50 })
}

/** A submitted invoice that nothing links to, so it can be cancelled offline. */
async function cancellable(replica: Replica): Promise<string> {
  for (const row of await firstLocal(replica, 'Sales Invoice', { docstatus: 1 })) {
    try {
      await replica.db.cancelDoc('Sales Invoice', String(row['name']))
      return String(row['name'])
    } catch {
      // linked from a payment: try the next one
    }
  }
  throw new Error('no cancellable invoice in the demo data')
}

async function offlineWork(replica: Replica, deletable: string): Promise<OfflineWork> {
  const [a, b] = (await firstLocal(replica, 'Customer', { disabled: 0, territory: 'North' })).map((r) => String(r['name']))
  const item = String((await replica.db.getDocList('Item', { fields: ['name'], filters: { disabled: 0 }, limit: 1 }))[0]!['name'])
  const customer = { customer_type: 'Company', territory: 'North', customer_group: 'Commercial' }
  const created: Doc[] = []
  for (let i = 0; i < FIELD_CUSTOMERS; i++) {
    created.push(await replica.db.createDoc('Customer', { ...customer, customer_name: `Field Customer ${String(i)}`, visit_count: String(i % 10), ...(i % 3 === 0 ? { customer_details: `met at stand ${String(i)}` } : {}) }))
  }
  const withWebsite = await replica.db.createDoc('Customer', { ...customer, customer_name: 'Web Shop', website: 'https://web.example' })
  const badVisits = await replica.db.createDoc('Customer', { ...customer, customer_name: 'Often Visited', visit_count: 'every week' })
  await replica.db.updateDoc('Customer', a!, { website: 'https://a.example' })
  await replica.db.updateDoc('Customer', b!, { email_id: 'orders@b.example', visit_count: '9' })
  await replica.db.deleteDoc('Customer', deletable)
  const invoiceInput = (extra: Doc = {}): Doc => ({ customer: b, company: 'Outpost Demo', posting_date: '2026-11-20', set_posting_time: 1, items: [{ item_code: item, qty: 2, rate: 10, ...extra }] })
  const invoice = await replica.db.createDoc('Sales Invoice', invoiceInput())
  await replica.db.submitDoc('Sales Invoice', String(invoice['name']))
  const warehouse = String((await replica.db.getDocList('Warehouse', { fields: ['name'], limit: 1 }))[0]!['name'])
  const warehouseInvoice = await replica.db.createDoc('Sales Invoice', invoiceInput({ warehouse }))
  const submitted = String((await firstLocal(replica, 'Sales Invoice', { docstatus: 0, name: ['not like', 'new-%'] }))[0]!['name'])
  await replica.db.submitDoc('Sales Invoice', submitted)
  const cancelled = await cancellable(replica)
  const payment = await replica.db.createDoc('Payment Entry', {
    payment_type: 'Receive', company: 'Outpost Demo', posting_date: '2026-11-21', party_type: 'Customer', party: b, paid_amount: 20, received_amount: 20,
    reference_no: 'CHQ-0042', references: [{ reference_doctype: 'Sales Invoice', reference_name: invoice['name'], allocated_amount: 20 }],
  })
  return { created, withWebsite, badVisits, updatedWebsite: a!, updatedClean: b!, deleted: deletable, invoice, warehouseInvoice, submitted, cancelled, payment }
}

const errorFor = (errors: readonly SyncErrorEntry[], name: unknown): SyncErrorEntry => {
  const e = errors.find((x) => x.name === name)
  if (!e) throw new Error(`no Sync Error Log entry for ${String(name)}`)
  return e
}

describe.each(REMOTES)('a site upgrade while a field laptop is offline (%s remote)', (kind) => {
  const files = scratchDir(`outpost-meta-${kind}-`)
  let site: FileSite | undefined
  let replica: Replica | undefined
  afterAll(async () => {
    await replica?.close()
    await site?.stop()
    files.cleanup()
  })

  it('migrates every stored document and queued change to the new meta, logs what cannot be sent as it was, and syncs the rest', async () => {
    site = await startFileSite(files.path('site.db'), siteBefore())
    const deletable = await rest(site.url, 'POST', '/api/resource/Customer', { customer_name: 'Closing Down Ltd', customer_type: 'Company', territory: 'North', customer_group: 'Commercial' })
    replica = await createReplica({
      store: sqliteStore({ path: files.path('replica.db') }), remote: remoteFor(kind, site.url, { token: DEMO_TOKEN }), doctypes: DOCTYPES,
      hooks: demoClientHooks, renamedFields: { Customer: { customer_details: 'customer_notes' } },
    })
    expect((await replica.boot()).offline).toBe(false)
    const port = site.port
    await site.stop()

    const work = await offlineWork(replica, String((deletable.body['data'] as Doc)['name']))
    const queued = FIELD_CUSTOMERS + 11
    expect(replica.status.pending).toBe(queued)
    expect((await replica.sync()).offline).toBe(true)

    // two weeks later: the site was upgraded, and an administrator added a Custom Field
    site = await startFileSite(files.path('site.db'), siteAfter(), port)
    const custom = await rest(site.url, 'POST', '/api/resource/Custom Field', { dt: 'Customer', label: 'Region Code', fieldname: 'region_code', fieldtype: 'Data', insert_after: 'territory' })
    expect(custom.status, JSON.stringify(custom.body)).toBe(200)
    const migrated: unknown[] = []
    replica.on('migrated', (r) => migrated.push(r))

    const summary = await replica.sync()
    expect(summary).toMatchObject({ offline: false, rejected: 0, conflicts: 0, pushed: queued - 5 })
    expect(migrated).toHaveLength(1)

    // exactly the changes carrying values the new meta has no place for wait in the log, with those values
    const errors = await replica.errors.list()
    expect(errors.map((e) => e.name).sort()).toEqual([work.withWebsite['name'], work.badVisits['name'], work.updatedWebsite, work.warehouseInvoice['name'], work.payment['name']].map(String).sort())
    expect(errorFor(errors, work.withWebsite['name'])).toMatchObject({ excType: 'MetaChangedError', kind: 'insert', lost: [{ field: 'website', value: 'https://web.example', reason: 'removed' }] })
    expect(errorFor(errors, work.badVisits['name']).lost).toMatchObject([{ field: 'visit_count', value: 'every week', reason: 'unconvertible' }])
    expect(errorFor(errors, work.updatedWebsite)).toMatchObject({ kind: 'update', lost: [{ field: 'website', value: 'https://a.example' }] })
    expect(errorFor(errors, work.warehouseInvoice['name']).lost).toMatchObject([{ doctype: 'Sales Invoice Item', field: 'warehouse', row: { table: 'items', idx: 1 } }])
    expect(errorFor(errors, work.payment['name'])).toMatchObject({ lost: [{ field: 'reference_no', value: 'CHQ-0042' }] })
    expect(errorFor(errors, work.payment['name']).message).toMatch(/Payment Entry no longer has the field .*reference_no.*"CHQ-0042" was not sent/)
    expect(replica.status).toMatchObject({ errors: 5, pending: 5 })

    // nothing lost: every document created offline is on the server, or in the log
    const field = await serverList(site.url, 'Customer', [['customer_name', 'like', 'Field Customer %']], ['name', 'customer_name', 'visit_count', 'customer_notes', 'loyalty_tier', 'credit_days', 'outpost_id'])
    expect(field).toHaveLength(FIELD_CUSTOMERS)
    const byName = new Map(field.map((d) => [d['customer_name'], d]))
    // (the reference server keeps a retyped column's SQLite type, so it may answer 3 as "3.0")
    expect(byName.get('Field Customer 3')).toMatchObject({ customer_notes: 'met at stand 3', loyalty_tier: 'Bronze', credit_days: 30 })
    expect(Number(byName.get('Field Customer 3')!['visit_count'])).toBe(3)
    expect(byName.get('Field Customer 4')).toMatchObject({ loyalty_tier: 'Bronze' })
    const clean = (await serverList(site.url, 'Customer', [['name', '=', work.updatedClean]], ['email_id', 'visit_count']))[0]!
    expect(clean).toMatchObject({ email_id: 'orders@b.example' })
    expect(Number(clean['visit_count'])).toBe(9)
    expect(await serverList(site.url, 'Customer', [['name', '=', work.deleted]], ['name'])).toEqual([])
    expect(await serverList(site.url, 'Sales Invoice', [['outpost_id', '=', String(work.invoice['outpost_id'])]], ['docstatus'])).toEqual([{ docstatus: 1 }])
    expect(await serverList(site.url, 'Sales Invoice', [['name', 'in', [work.submitted, work.cancelled]]], ['name', 'docstatus'])).toEqual(
      expect.arrayContaining([{ name: work.submitted, docstatus: 1 }, { name: work.cancelled, docstatus: 2 }]))

    // local data has the new shape, and the store's columns and indexes follow it
    // a customer nobody touched: migrated locally as Frappe's schema sync migrated the server's row
    const seeded = (await replica.db.getDocList('Customer', { fields: ['name'], filters: { territory: 'South' }, orderBy: { field: 'name', order: 'asc' }, limit: 1 }))[0]!
    const local = await replica.db.getDoc('Customer', String(seeded['name']))
    expect(local).toMatchObject({ loyalty_tier: 'Bronze', credit_days: 30 })
    expect((await serverList(site.url, 'Customer', [['name', '=', seeded['name']]], ['loyalty_tier', 'credit_days']))[0]).toEqual({ loyalty_tier: 'Bronze', credit_days: 30 })
    expect(local).not.toHaveProperty('website')
    expect(local).not.toHaveProperty('customer_details')
    const all = await replica.db.getCount('Customer')
    expect(await replica.db.getCount('Customer', { loyalty_tier: 'Bronze' })).toBe(all)
    expect(await replica.db.getCount('Customer', { credit_days: 30 })).toBe(all)
    expect(replica.meta('Customer')?.field('region_code')?.fieldtype).toBe('Data')
    const customerMeta = ((await rest(site.url, 'GET', '/api/method/frappe.desk.form.load.getdoctype?doctype=Customer')).body['docs'] as Doc[])[0]!
    const status = await replica.migrations.status()
    expect(status.meta.find((m) => m.doctype === 'Customer')?.version).toBe(customerMeta['modified'])
    expect(status.meta.find((m) => m.doctype === 'Sales Invoice Item')?.version).toBe(UPGRADED)
    expect(status.metaMigrations.at(-1)?.errors).toHaveLength(5)

    // the rest of a logged change goes out on retry; a discarded one leaves nothing behind
    await replica.errors.retry(errorFor(errors, work.withWebsite['name']).id)
    await replica.errors.discard(errorFor(errors, work.badVisits['name']).id)
    expect(await replica.sync()).toMatchObject({ pushed: 1, rejected: 0 })
    const web = await serverList(site.url, 'Customer', [['outpost_id', '=', String(work.withWebsite['outpost_id'])]], ['customer_name', 'loyalty_tier'])
    expect(web).toEqual([{ customer_name: 'Web Shop', loyalty_tier: 'Bronze' }])
    await expect(replica.db.getDoc('Customer', String(work.badVisits['name']))).rejects.toMatchObject({ code: 'NOT_FOUND' })
    expect(replica.status).toMatchObject({ errors: 3, pending: 3 })
  }, 180_000)
})
