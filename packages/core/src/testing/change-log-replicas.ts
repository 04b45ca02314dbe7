import { createReplica } from '../create-replica.ts'
import type { LocalStore } from '../ports/local-store.ts'
import type { Replica } from '../replica.ts'
import { faultRemote, type FaultRemote, type RemoteCall } from './fault-remote.ts'
import { memoryStore } from './memory-store.ts'
import { miniOutpost } from './mini-outpost.ts'
import { MiniServer } from './mini-server.ts'
import { SALES_META, testEnvironment } from './sales-meta.ts'

// Replicas over the change-log test server, for the engine's change-log pull tests.

export const DOCTYPES = ['Customer', 'Sales Invoice']

/** A test server holding `customers` Customers, CUST-001 on. */
export function seeded(customers: number): MiniServer {
  const mini = new MiniServer({ meta: SALES_META, series: { Customer: 'CUST-', 'Sales Invoice': 'SINV-' }, links: { 'Sales Invoice': { customer: 'Customer' } } })
  for (let i = 1; i <= customers; i++) mini.serverWrite('Customer', `CUST-${String(i).padStart(3, '0')}`, { doctype: 'Customer', customer_name: `Customer ${i}` })
  return mini
}

let replicas = 0

/** Each replica's ids are its own (the server keeps answers by mutation id). */
export const replicaEnv = (): ReturnType<typeof testEnvironment> => testEnvironment(undefined, ++replicas)

export async function open(mini: MiniServer, store: LocalStore = memoryStore(), pageSize = 4) {
  const remote = faultRemote(miniOutpost(mini))
  const env = replicaEnv()
  const replica = await createReplica({ store, remote, doctypes: DOCTYPES, env, pageSize })
  return { replica, remote, env }
}

export const names = async (replica: Replica, doctype = 'Customer'): Promise<string[]> =>
  (await replica.db.getDocList(doctype, { fields: ['name'], limit: 0 })).map((d) => String(d['name'])).sort()

export const pulls = (remote: FaultRemote): { doctype: string; cursor: string | undefined }[] =>
  remote.log.flatMap((l) => (l.call.op === 'pull' ? [{ doctype: l.call.request.doctype, cursor: l.call.request.cursor }] : []))

export const ops = (remote: FaultRemote, op: RemoteCall['op']): number => remote.log.filter((l) => l.call.op === op).length
