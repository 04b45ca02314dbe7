import { describe, expect, it } from 'vitest'
import { createReplica, type Replica, type ReplicaEvents } from '@outpost/core'
import { memoryStore, testEnvironment } from '@outpost/core/testing'
import { DOCTYPES, salesServer, settle } from './test-harness.ts'
import { useDoc } from './use-doc.ts'
import { useLinkSearch } from './use-link-search.ts'
import { useList } from './use-list.ts'

/**
 * Two replicas on one local database, as two tabs whose messages did not reach each other:
 * `writer` changes documents `viewed` hears nothing of, until `viewed` says it is stale.
 */
async function tabsThatMissedEachOther() {
  const store = memoryStore()
  const shared = { ...store, close: async () => {}, destroy: async () => {} }
  const open = () => createReplica({ store: shared, remote: salesServer(), doctypes: DOCTYPES, env: testEnvironment() })
  const viewed = await open()
  const writer = await open()
  const staleHandlers: ((e: ReplicaEvents['stale']) => void)[] = []
  const replica: Replica = Object.create(viewed) as Replica
  Object.defineProperty(replica, 'on', {
    value: <K extends keyof ReplicaEvents>(event: K, handler: (payload: ReplicaEvents[K]) => void) => {
      if (event === 'stale') staleHandlers.push(handler as (e: ReplicaEvents['stale']) => void)
      return viewed.on(event, handler)
    },
  })
  const stale = () => {
    for (const h of staleHandlers) h({ reason: 'missed-tab-messages' })
  }
  return { replica, writer, stale }
}

describe("a 'stale' replica event", () => {
  it('makes useList, useDoc and useLinkSearch read again what another tab changed unheard', async () => {
    const { replica, writer, stale } = await tabsThatMissedEachOther()
    const first = await writer.db.createDoc('Customer', { customer_name: 'Acme' })
    const list = useList({ doctype: 'Customer', fields: ['customer_name'], orderBy: 'customer_name asc', replica })
    const doc = useDoc('Customer', String(first['name']), { replica })
    const search = useLinkSearch('Customer', { replica })
    await search.search('')
    await settle()
    expect(list.data?.map((r) => r['customer_name'])).toEqual(['Acme'])
    expect(search.results.map((r) => r.value)).toEqual([first['name']])

    await writer.db.createDoc('Customer', { customer_name: 'Beta' })
    await writer.db.updateDoc('Customer', String(first['name']), { customer_name: 'Acme Ltd' })
    await settle()
    expect(list.data?.map((r) => r['customer_name'])).toEqual(['Acme'])
    expect(doc.doc?.['customer_name']).toBe('Acme')

    stale()
    await settle()
    expect(list.data?.map((r) => r['customer_name'])).toEqual(['Acme Ltd', 'Beta'])
    expect(doc.doc?.['customer_name']).toBe('Acme Ltd')
    expect(search.results).toHaveLength(2)
    for (const r of [list, doc, search]) r.dispose()
  })
})
