import { rmSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import Database from 'better-sqlite3'
import { createReplica, type Remote } from '@outpost/core'
import { MiniServer, SALES_META, testEnvironment } from '@outpost/core/testing'
import { sqliteStore } from '@outpost/store-sqlite'

/**
 * A replica file written by store format 1 and replica format 1, kept in the repository: every
 * later library must open it (and its outbox must still sync). It is never rewritten by a newer
 * library; a format change adds a new fixture beside it.
 */
export const FORMAT_1_FIXTURE = fileURLToPath(new URL('./fixtures/replica-format-1.sqlite', import.meta.url))

export const FIXTURE_DOCTYPES = ['Customer', 'Sales Invoice', 'UOM']

/** The small site the fixture was booted from. */
export function fixtureServer(): MiniServer {
  const server = new MiniServer({
    meta: SALES_META, series: { Customer: 'CUST-2026-', 'Sales Invoice': 'SINV-2026-' },
    validate: (doctype, doc) => (doctype === 'Customer' && doc['customer_name'] === 'Refused Ltd' ? 'Customer Refused Ltd is on the stop list' : undefined),
  })
  server.serverWrite('UOM', 'Nos', { uom_name: 'Nos' })
  server.serverWrite('Customer', 'CUST-1', { customer_name: 'Acme', territory: 'North', notes: 'Key account' })
  server.serverWrite('Customer', 'CUST-2', { customer_name: 'Bolt', territory: 'South' })
  server.serverWrite('Sales Invoice', 'SINV-1', { customer: 'CUST-1', docstatus: 1, items: [{ item: 'Widget', qty: 2, rate: 5, amount: 10, uom: 'Nos' }], grand_total: 10 })
  return server
}

/**
 * How the fixture was made (`npx tsx tests/integration/store-format-fixture.ts` with the format 1
 * library): boot, then offline a customer and an invoice for it, an edit, and a refused change.
 */
export async function writeFormat1Fixture(path: string, remote: Remote = fixtureServer()): Promise<void> {
  rmSync(path, { force: true })
  const replica = await createReplica({ store: sqliteStore({ path }), remote, doctypes: FIXTURE_DOCTYPES, env: testEnvironment(), user: 'field@example.com' })
  await replica.boot()
  await replica.db.createDoc('Customer', { customer_name: 'Refused Ltd', territory: 'East' })
  await replica.sync()
  const customer = await replica.db.createDoc('Customer', { customer_name: 'Written by format 1', territory: 'West' })
  await replica.db.createDoc('Sales Invoice', { customer: customer['name'], posting_date: '2026-11-20', items: [{ item: 'Widget', qty: 1, rate: 7, uom: 'Nos' }] })
  await replica.db.updateDoc('Customer', 'CUST-2', { notes: 'edited offline' })
  await replica.close()
  const db = new Database(path)
  db.pragma('journal_mode = DELETE')
  db.exec('VACUUM')
  db.close()
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await writeFormat1Fixture(FORMAT_1_FIXTURE)
