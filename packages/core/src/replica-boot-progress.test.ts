import { describe, expect, it } from 'vitest'
import { createReplica } from './create-replica.ts'
import { DOCTYPES, names, open, pulls, replicaEnv, seeded } from './testing/change-log-replicas.ts'
import { memoryStore } from './testing/memory-store.ts'
import { miniOutpost } from './testing/mini-outpost.ts'

describe('change-log pull: boot progress', () => {
  it('streams pages into the store and reports progress up to the total', async () => {
    const mini = seeded(10)
    const { replica } = await open(mini)
    const progress: { done: number; total: number | undefined }[] = []
    expect(await replica.boot({ onProgress: (p) => progress.push(p) })).toMatchObject({ pulled: 10, offline: false })
    expect(await names(replica)).toEqual([...mini.table('Customer').keys()].sort())
    // Customers in pages of 4, then the (empty) invoices and UOMs: done never goes back, and reaches the total.
    expect(progress.map((p) => p.done)).toEqual([4, 8, 10, 10, 10])
    expect(progress.every((p) => p.total === 10)).toBe(true)
  })

  it('knows the whole total from the start when several DocTypes hold documents: the bar never goes back', async () => {
    const mini = seeded(6)
    for (let i = 1; i <= 5; i++) mini.serverWrite('Sales Invoice', `SINV-${String(i).padStart(3, '0')}`, { doctype: 'Sales Invoice', customer: 'CUST-001', items: [{ item: 'A', qty: 1 }] })
    const { replica, remote } = await open(mini)
    const progress: { done: number; total: number | undefined }[] = []
    expect(await replica.boot({ onProgress: (p) => progress.push(p) })).toMatchObject({ pulled: 11, offline: false })
    expect(progress.map((p) => p.total)).toEqual(progress.map(() => 11))
    expect(progress.map((p) => p.done)).toEqual([4, 6, 10, 11, 11])
    const ratios = progress.map((p) => p.done / p.total!)
    expect(ratios).toEqual([...ratios].sort((a, b) => a - b))
    // the pages came as before: 2 of Customers, 2 of invoices, the (empty) UOMs they link to
    expect(pulls(remote).map((p) => p.doctype)).toEqual(['Customer', 'Customer', 'Sales Invoice', 'Sales Invoice', 'UOM'])
  })

  it('holds no page back for a count that never answers: the boot ends, the pages give the total', async () => {
    const mini = seeded(10)
    const remote = miniOutpost(mini)
    const late: (() => void)[] = []
    const never = new Promise<number>(() => {})
    // the Customers' count never answers; the others answer once the boot has ended
    const count = (doctype: string): Promise<number> => doctype === 'Customer' ? never : new Promise((resolve) => late.push(() => resolve(5)))
    const replica = await createReplica({ store: memoryStore(), remote: { ...remote, count }, doctypes: DOCTYPES, env: replicaEnv(), pageSize: 4 })
    const progress: { done: number; total: number | undefined }[] = []
    expect(await replica.boot({ onProgress: (p) => progress.push(p) })).toMatchObject({ pulled: 10, offline: false })
    expect(await names(replica)).toHaveLength(10)
    expect(progress.map((p) => p.done)).toEqual([4, 8, 10, 10, 10])
    expect(progress.every((p) => p.total === 10)).toBe(true)
    for (const answer of late.splice(0)) answer()
    await new Promise((resolve) => setTimeout(resolve, 0))
    expect(progress).toHaveLength(5)
    expect(replica.status.progress).toBeUndefined()
  })

  it('takes in counts that answer after the first page: the total grows once, then holds', async () => {
    const mini = seeded(6)
    for (let i = 1; i <= 5; i++) mini.serverWrite('Sales Invoice', `SINV-${String(i).padStart(3, '0')}`, { doctype: 'Sales Invoice', customer: 'CUST-001', items: [{ item: 'A', qty: 1 }] })
    const remote = miniOutpost(mini)
    const answers: (() => void)[] = []
    // each count answers once the first page is in (the replica's progress asks for it)
    const count = (doctype: string): Promise<number | undefined> => new Promise((resolve) => answers.push(() => void remote.count!(doctype).then(resolve)))
    const replica = await createReplica({ store: memoryStore(), remote: { ...remote, count }, doctypes: DOCTYPES, env: replicaEnv(), pageSize: 4 })
    const progress: { done: number; total: number | undefined }[] = []
    const booted = replica.boot({
      onProgress: (p) => {
        progress.push(p)
        if (progress.length === 1) for (const answer of answers.splice(0)) answer()
      },
    })
    expect(await booted).toMatchObject({ pulled: 11, offline: false })
    // the first page knew only the Customers; the counts then brought the invoices in
    expect(progress[0]).toEqual({ done: 4, total: 6 })
    expect(progress.slice(1).every((p) => p.total === 11)).toBe(true)
    expect(progress.map((p) => p.done)).toEqual([4, 4, 6, 10, 11, 11])
  })
})
