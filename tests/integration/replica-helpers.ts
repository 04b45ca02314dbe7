import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createReplica, isTempName, type Remote, type Replica } from '@outpost/core'
import { sqliteStore } from '@outpost/store-sqlite'
import { frappeRemote } from '@outpost/remote-frappe'
import { outpostRemote } from '@outpost/remote-outpost'
import { DEMO_TOKEN, type DemoServer } from './demo-server.ts'

export type Doc = Record<string, unknown>

export const DOCTYPES = ['Customer', 'Sales Invoice', 'Payment Entry'] as const

/** A scratch directory for replica files, removed by `cleanup`. */
export function scratchDir(prefix: string): { dir: string; path(file: string): string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), prefix))
  return { dir, path: (file) => join(dir, file), cleanup: () => rmSync(dir, { recursive: true, force: true }) }
}

export type Login = { token: string } | { username: string; password: string }

/** Which Remote a scenario runs with: stock Frappe REST, or the Outpost sync protocol. */
export type RemoteKind = 'frappe' | 'outpost'

/** For `describe.each(REMOTES)('… (%s)', (kind) => …)`: every scenario runs against both Remotes. */
export const REMOTES: readonly RemoteKind[] = ['frappe', 'outpost']

export function remoteFor(kind: RemoteKind, url: string, login: Login): Remote {
  return kind === 'outpost' ? outpostRemote({ url, ...login }) : frappeRemote({ url, ...login })
}

export function adminRemote(server: DemoServer, kind: RemoteKind = 'frappe'): Remote {
  return remoteFor(kind, server.url, { token: DEMO_TOKEN })
}

export function loginRemote(server: DemoServer, login: Login, kind: RemoteKind = 'frappe'): Remote {
  return remoteFor(kind, server.url, login)
}

/** A replica on a SQLite file (re-opening the same file gives the same local database). */
export function openReplica(file: string, remote: Remote, user = 'Administrator'): Promise<Replica> {
  return createReplica({ store: sqliteStore({ path: file }), remote, doctypes: [...DOCTYPES], user })
}

/** Every local document of the replicated doctypes, serialised, for "no temp name left" checks. */
export async function localDump(replica: Replica): Promise<string> {
  const parts: string[] = []
  for (const d of DOCTYPES) parts.push(JSON.stringify(await replica.db.getDocList(d, { fields: ['*'], limit: 0 })))
  return parts.join('\n')
}

export const TEMP_NAME_PATTERN = /new-(customer|sales-invoice|payment-entry)-[0-9a-f]{8}-/

export function assertNoTempNames(name: unknown): void {
  if (isTempName(name)) throw new Error(`temp name left: ${String(name)}`)
}

/** Server documents of a doctype carrying a given outpost_id. */
export async function serverByOutpostId(server: DemoServer, doctype: string, outpostId: unknown): Promise<Doc[]> {
  return server.admin.list(doctype, [['outpost_id', '=', String(outpostId)]], ['name', 'outpost_id', 'docstatus', 'modified'])
}

/** An enabled item that the replica knows locally. */
export async function someItem(replica: Replica): Promise<string> {
  const rows = await replica.db.getDocList('Item', { fields: ['name'], filters: [['disabled', '=', 0], ['name', 'not like', 'ITEST%']], orderBy: { field: 'name', order: 'asc' }, limit: 1 })
  return String(rows[0]!['name'])
}

/** A customer in territory North, from the local replica. */
export async function northCustomer(replica: Replica, index = 0): Promise<Doc> {
  const rows = await replica.db.getDocList('Customer', { fields: ['name', 'customer_name', 'territory'], filters: { territory: 'North', disabled: 0 }, orderBy: { field: 'name', order: 'asc' }, limit: index + 1 })
  return rows[index]!
}

export function invoiceInput(customer: unknown, itemCode: string, qty: number, extra: Doc = {}): Doc {
  return { customer, company: 'Outpost Demo', posting_date: '2026-11-20', set_posting_time: 1, items: [{ item_code: itemCode, qty, rate: 10 }], ...extra }
}

export function paymentInput(party: unknown, invoice: unknown, amount: number): Doc {
  return {
    payment_type: 'Receive', company: 'Outpost Demo', posting_date: '2026-11-21', party_type: 'Customer', party,
    paid_amount: amount, received_amount: amount,
    references: [{ reference_doctype: 'Sales Invoice', reference_name: invoice, allocated_amount: amount }],
  }
}
