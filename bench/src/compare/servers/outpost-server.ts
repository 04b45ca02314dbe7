import { join } from 'node:path'
import type { Doc } from '@outpost/meta'
import { SERVER_ENV, TOKEN } from '../../auth.ts'
import { startServerProcess } from '../../server-process.ts'
import { CHANGED_REMARK } from '../offline-batch.ts'
import { copySite, type Dataset } from '../dataset.ts'
import { inParallel, type ServerView, type SystemServer } from './server-api.ts'

/** `outpost serve` on a fresh copy of the seeded site: the server for Outpost and for the naive client. */
export async function startOutpostServer(dataset: Dataset, dir: string): Promise<SystemServer> {
  const db = join(dir, 'site.db')
  copySite(dataset, db)
  // OUTPOST_SERVER_CPU_PROF=<dir>: a V8 CPU profile of the server process, written when it stops.
  const profile = process.env['OUTPOST_SERVER_CPU_PROF']
  const nodeArgs = profile ? ['--cpu-prof', `--cpu-prof-dir=${profile}`] : []
  const server = await startServerProcess(['--demo', '--demo-size', dataset.facts.size, '--db', db, '--port', String(21000 + Math.floor(Math.random() * 1000)), '--no-desk'], SERVER_ENV, undefined, nodeArgs)
  const headers = { authorization: `token ${TOKEN}`, 'content-type': 'application/json' }
  async function rest(method: string, path: string, body?: unknown): Promise<unknown> {
    const res = await fetch(server.url + path, { method, headers, body: body === undefined ? null : JSON.stringify(body) })
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${(await res.text()).slice(0, 300)}`)
    return ((await res.json()) as { data?: unknown }).data
  }
  const list = async (doctype: string, fields: string[], filters: unknown[]): Promise<Doc[]> =>
    (await rest('GET', `/api/resource/${encodeURIComponent(doctype)}?${new URLSearchParams({ fields: JSON.stringify(fields), filters: JSON.stringify(filters), limit_page_length: '0' })}`)) as Doc[]
  const docPath = (name: string): string => `/api/resource/Sales%20Invoice/${encodeURIComponent(name)}`
  return {
    url: server.url,
    pid: server.child.pid,
    async change(changed, deleted) {
      await inParallel(changed, async (name) => void (await rest('PUT', docPath(name), { remarks: `${CHANGED_REMARK} (S4)` })))
      await inParallel(deleted, async (name) => void (await rest('DELETE', docPath(name))))
    },
    async verify(tag, firstOfflinePoNo): Promise<ServerView> {
      const invoices = await list('Sales Invoice', ['name', 'customer', 'po_no'], [['po_no', 'like', `${tag}-%`]])
      const customers = await list('Customer', ['name', 'customer_name'], [])
      const names = new Set(customers.map((c) => String(c['name'])))
      const sample = invoices.find((i) => i['po_no'] === firstOfflinePoNo)
      return {
        invoices: invoices.length,
        customers: customers.filter((c) => String(c['customer_name']).startsWith(`${tag} Customer`)).length,
        linked: invoices.filter((i) => names.has(String(i['customer']))).length,
        sample: sample ? { name: String(sample['name']), customer: String(sample['customer']) } : undefined,
      }
    },
    stop: () => server.stop(),
  }
}
