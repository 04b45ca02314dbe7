import { describe, expect, it, vi } from 'vitest'
import { createReplica, OutpostError } from '@outpost/core'
import { memoryStore, miniOutpost, testEnvironment } from '@outpost/core/testing'
import { createApp, effectScope, reactive, ref } from 'vue'
import { outpostPlugin } from './context.ts'
import { counted, DOCTYPES, manualSchedule, openReplica, salesServer, settle } from './test-harness.ts'
import { useList, type ListResource } from './use-list.ts'

const names = (list: ListResource): unknown[] => (list.data ?? []).map((r) => r['customer_name'])

describe('useList', () => {
  it('loads, then follows local creates, updates and deletes', async () => {
    const { replica } = await openReplica()
    await replica.db.createDoc('Customer', { customer_name: 'Beta' })
    const scope = effectScope()
    const list = scope.run(() => useList({ doctype: 'Customer', fields: ['name', 'customer_name'], orderBy: 'customer_name asc', replica }))!
    expect(list.loading).toBe(true)
    await settle()
    expect(list).toMatchObject({ loading: false, fetched: true, error: null, doctype: 'Customer' })
    expect(names(list)).toEqual(['Beta'])

    await replica.db.createDoc('Customer', { customer_name: 'Alpha' })
    await settle()
    expect(names(list)).toEqual(['Alpha', 'Beta'])

    const inserted = await list.insert.submit({ customer_name: 'Gamma' })
    expect(inserted?.['customer_name']).toBe('Gamma')
    await settle()
    expect(names(list)).toEqual(['Alpha', 'Beta', 'Gamma'])

    const beta = String(list.data![1]!['name'])
    await list.setValue.submit({ name: beta, customer_name: 'Delta' })
    await settle()
    expect(names(list)).toEqual(['Alpha', 'Delta', 'Gamma'])
    expect(list.getRow(beta)?.['customer_name']).toBe('Delta')

    await list.delete.submit(beta)
    await settle()
    expect(names(list)).toEqual(['Alpha', 'Gamma'])
    expect(replica.status.pending).toBe(2)
    scope.stop()
  })

  it('follows a rename of a document its rows link to, though no row of its own DocType changed', async () => {
    const server = salesServer()
    server.serverWrite('Customer', 'CUST-2026-00001', { doctype: 'Customer', customer_name: 'Acme' })
    server.serverWrite('Sales Invoice', 'SINV-2026-00001', { doctype: 'Sales Invoice', customer: 'CUST-2026-00001', posting_date: '2026-11-20', items: [{ item: 'Widget', qty: 1, rate: 10 }] })
    const replica = await createReplica({ store: memoryStore(), remote: miniOutpost(server), doctypes: DOCTYPES, env: testEnvironment() })
    await replica.boot()
    const scope = effectScope()
    const list = scope.run(() => useList({ doctype: 'Sales Invoice', fields: ['name', 'customer'], replica }))!
    await settle()
    expect(list.data).toEqual([{ name: 'SINV-2026-00001', customer: 'CUST-2026-00001' }])
    const changed: string[] = []
    replica.on('change', (e) => changed.push(e.doctype))
    server.serverRename('Customer', 'CUST-2026-00001', 'CUST-2026-ACME')
    await replica.sync()
    await settle()
    // the invoice was rewritten here by the rename alone: no change event of its DocType came
    expect(changed).not.toContain('Sales Invoice')
    expect(list.data).toEqual([{ name: 'SINV-2026-00001', customer: 'CUST-2026-ACME' }])
    scope.stop()
    await replica.close()
  })

  it('pages with next() and previous(), hasNextPage and start', async () => {
    const { replica } = await openReplica()
    for (const n of ['A', 'B', 'C', 'D', 'E']) await replica.db.createDoc('Customer', { customer_name: n })
    const list = useList({ doctype: 'Customer', fields: ['customer_name'], orderBy: { field: 'customer_name' }, pageLength: 2, replica })
    await settle()
    expect(list).toMatchObject({ start: 0, pageLength: 2, hasNextPage: true, hasPreviousPage: false })
    expect(names(list)).toEqual(['A', 'B'])
    await list.next()
    expect(names(list)).toEqual(['A', 'B', 'C', 'D'])
    expect(list).toMatchObject({ start: 2, hasNextPage: true, hasPreviousPage: true })
    await list.next()
    expect(names(list)).toEqual(['A', 'B', 'C', 'D', 'E'])
    expect(list).toMatchObject({ start: 4, hasNextPage: false })
    await list.next()
    expect(list.start).toBe(4)
    // a row inserted above the window shifts it without a gap or a duplicate
    await replica.db.createDoc('Customer', { customer_name: 'AA' })
    await settle()
    expect(names(list)).toEqual(['A', 'AA', 'B', 'C', 'D', 'E'])
    await list.previous()
    expect(names(list)).toEqual(['A', 'AA', 'B', 'C'])
    list.dispose()
  })

  it('re-queries when a ref, a getter or a reactive object passed as an argument changes', async () => {
    const { replica } = await openReplica()
    for (const [customer_name, territory] of [['N1', 'North'], ['N2', 'North'], ['S1', 'South']]) await replica.db.createDoc('Customer', { customer_name, territory })
    const territory = ref('North')
    const length = ref(1)
    const scope = effectScope()
    const list = scope.run(() => useList({ doctype: 'Customer', fields: ['customer_name'], orderBy: 'customer_name', filters: () => ({ territory: territory.value }), pageLength: length, replica }))!
    await settle()
    expect(names(list)).toEqual(['N1'])
    await list.next()
    expect(names(list)).toEqual(['N1', 'N2'])
    territory.value = 'South'
    await settle()
    expect(names(list)).toEqual(['S1'])
    expect(list.start).toBe(0)
    length.value = 0
    await settle()
    expect(list).toMatchObject({ pageLength: 0, hasNextPage: false })

    const filters = reactive({ territory: 'North' })
    const other = scope.run(() => useList({ doctype: 'Customer', fields: ['customer_name'], orderBy: 'customer_name', filters, replica }))!
    await settle()
    expect(names(other)).toEqual(['N1', 'N2'])
    filters.territory = 'South'
    await settle()
    expect(names(other)).toEqual(['S1'])
    scope.stop()
  })

  it('puts bad arguments in `error` as an OutpostError, with no rejection', async () => {
    const { replica } = await openReplica()
    const onError: OutpostError[] = []
    const list = useList({ doctype: 'Customer', orderBy: 'customer_name desc, name asc', replica, onError: (e) => onError.push(e) })
    await expect(list.reload()).resolves.toBeNull()
    expect(list.error).toBeInstanceOf(OutpostError)
    expect(list.error).toMatchObject({ code: 'INVALID_ARGUMENT' })
    expect(onError).toHaveLength(2)
    const badFilter = useList({ doctype: 'Customer', filters: [['customer_name', 'sounds like', 'x']], replica })
    await settle()
    expect(badFilter.error?.code).toBe('INVALID_ARGUMENT')
    const badPage = useList({ doctype: 'Customer', pageLength: -1, replica })
    await settle()
    expect(badPage.error?.message).toContain('pageLength')
    const invalid = useList({ doctype: 'Customer', replica })
    expect(await invalid.insert.submit({ territory: 'North' })).toBeUndefined()
    expect(invalid.insert.error?.code).toBe('VALIDATION')
    // a callback that throws is reported, and still no rejection
    const spy = vi.spyOn(console, 'error').mockImplementation(() => undefined)
    const throwing = useList({ doctype: 'Customer', pageLength: 1.5, replica, onError: () => { throw new Error('callback bug') } })
    await settle()
    expect(throwing.error?.code).toBe('INVALID_ARGUMENT')
    expect(spy).toHaveBeenCalledOnce()
    spy.mockRestore()
    for (const l of [list, badFilter, badPage, invalid, throwing]) l.dispose()
  })

  it('folds a pulled burst of changes into one re-query', async () => {
    const { replica, remote } = await openReplica()
    const { replica: watched, calls } = counted(replica)
    const manual = manualSchedule()
    const list = useList({ doctype: 'Customer', fields: ['customer_name'], pageLength: 0, replica: watched, schedule: manual.schedule })
    await settle()
    expect(calls.getDocList).toBe(1)
    for (let i = 1; i <= 200; i++) remote.serverWrite('Customer', `CUST-2026-${String(i).padStart(5, '0')}`, { customer_name: `C${i}`, doctype: 'Customer' })
    expect((await replica.sync()).pulled).toBe(200)
    expect(manual.pending()).toBe(1)
    manual.flush()
    await settle()
    expect(calls.getDocList).toBe(2)
    expect(list.data).toHaveLength(200)
    list.dispose()
  })

  it('with the default schedule, a pull is one re-query per page, not one per document', async () => {
    const { replica, remote } = await openReplica()
    const { replica: watched, calls } = counted(replica)
    const list = useList({ doctype: 'Customer', pageLength: 0, replica: watched })
    await settle()
    for (let i = 1; i <= 300; i++) remote.serverWrite('Customer', `CUST-2026-${String(i).padStart(5, '0')}`, { customer_name: `C${i}`, doctype: 'Customer' })
    await replica.sync()
    await settle()
    expect(calls.getDocList).toBe(2)
    expect(list.data).toHaveLength(300)
    // documents of other DocTypes do not touch the list
    await replica.db.createDoc('UOM', { uom_name: 'Box' })
    await settle()
    expect(calls.getDocList).toBe(2)
    list.dispose()
  })

  it('waits for fetch() when auto is false', async () => {
    const { replica } = await openReplica()
    const { replica: watched, calls } = counted(replica)
    const list = useList({ doctype: 'Customer', auto: false, replica: watched })
    await replica.db.createDoc('Customer', { customer_name: 'Quiet' })
    await settle()
    expect(calls.getDocList).toBe(0)
    expect(list.data).toBeNull()
    await list.fetch()
    expect(list.data).toHaveLength(1)
    list.dispose()
  })

  it('takes the replica from outpostPlugin, and says so when there is none', async () => {
    const { replica } = await openReplica()
    await replica.db.createDoc('Customer', { customer_name: 'Provided' })
    const app = createApp({}).use(outpostPlugin(replica))
    const list = app.runWithContext(() => useList({ doctype: 'Customer', fields: ['customer_name'] }))
    await settle()
    expect(names(list)).toEqual(['Provided'])
    list.dispose()
    expect(() => useList({ doctype: 'Customer' })).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT', message: expect.stringContaining('provideReplica') }))
  })
})
