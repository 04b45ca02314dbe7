import { describe, expect, it } from 'vitest'
import { effectScope, ref } from 'vue'
import { counted, manualSchedule, openReplica, settle } from './test-harness.ts'
import { useDoc } from './use-doc.ts'
import { useLinkSearch } from './use-link-search.ts'
import { useList } from './use-list.ts'
import { useSyncStatus } from './use-sync-status.ts'

describe('resource lifetime', () => {
  it('leaves no replica listener and runs no query once its scope is disposed', async () => {
    const { replica } = await openReplica()
    const c = await replica.db.createDoc('Customer', { customer_name: 'Acme' })
    const { replica: watched, calls, listeners } = counted(replica)
    const manual = manualSchedule()
    const filters = ref({ territory: 'North' })
    const scope = effectScope()
    const [list, doc, search] = scope.run(() => {
      const options = { replica: watched, schedule: manual.schedule }
      useSyncStatus(options)
      return [useList({ doctype: 'Customer', filters, ...options }), useDoc('Customer', String(c['name']), options), useLinkSearch('Customer', options)] as const
    })!
    await search.search('ac')
    await settle()
    expect(listeners()).toBe(10)
    expect(list.fetched && doc.fetched).toBe(true)
    const before = { ...calls }

    await replica.db.updateDoc('Customer', String(c['name']), { territory: 'North' })
    expect(manual.pending()).toBe(3)
    scope.stop()
    expect(listeners()).toBe(0)
    manual.flush()
    filters.value = { territory: 'South' }
    await replica.db.createDoc('Customer', { customer_name: 'After' })
    await settle()
    expect(calls).toEqual(before)
    expect(manual.pending()).toBe(0)
  })

  it('dispose() stops one resource alone', async () => {
    const { replica } = await openReplica()
    const { replica: watched, listeners } = counted(replica)
    const scope = effectScope()
    const [a, b] = scope.run(() => [useList({ doctype: 'Customer', replica: watched }), useList({ doctype: 'UOM', replica: watched })] as const)!
    expect(listeners()).toBe(6)
    a.dispose()
    expect(listeners()).toBe(3)
    scope.stop()
    expect(listeners()).toBe(0)
    b.dispose()
    await settle()
  })
})
