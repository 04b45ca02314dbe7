import { describe, expect, it } from 'vitest'
import { createReplica } from '../create-replica.ts'
import { memoryStore } from '../testing/memory-store.ts'
import { miniOutpost } from '../testing/mini-outpost.ts'
import { MiniServer } from '../testing/mini-server.ts'
import { SALES_META } from '../testing/sales-meta.ts'
import { virtualClock } from '../testing/virtual-clock.ts'

async function replicaWithCustomers() {
  const mini = new MiniServer({ meta: SALES_META, series: { Customer: 'CUST-' } })
  const replica = await createReplica({ store: memoryStore(), remote: miniOutpost(mini), doctypes: ['Customer'], env: virtualClock().env })
  for (const [customer_name, territory] of [['Acme Traders', 'North'], ['Bolt & Co', 'Acme Park'], ['Cobalt', 'South'], ['Delta Acme', 'North']] as const) {
    await replica.db.createDoc('Customer', { customer_name, territory })
  }
  return replica
}

describe('getCount', () => {
  it('counts what matches the filters and any of the or-filters, as getDocList lists it', async () => {
    const replica = await replicaWithCustomers()
    const search = [['customer_name', 'like', '%acme%'], ['territory', 'like', '%acme%']]
    expect(await replica.db.getCount('Customer', [], { orFilters: search })).toBe(3)
    expect(await replica.db.getCount('Customer', [['territory', '=', 'North']], { orFilters: search })).toBe(2)
    expect(await replica.db.getCount('Customer', { territory: 'North' })).toBe(2)
    const listed = await replica.db.getDocList('Customer', { filters: [['territory', '=', 'North']], orFilters: search, limit: 0 })
    expect(listed).toHaveLength(2)
    expect(await replica.db.getCount('Customer', [], { orFilters: [] })).toBe(4)
    await replica.close()
  })

  it('refuses malformed or-filters with INVALID_ARGUMENT', async () => {
    const replica = await replicaWithCustomers()
    await expect(replica.db.getCount('Customer', [], { orFilters: [['customer_name', 'no such op', 'x']] })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' })
    expect(await replica.db.getCount('Customer')).toBe(4)
    await replica.close()
  })
})
