import { afterEach, describe, expect, it, vi } from 'vitest'
import { createReplica } from './create-replica.ts'
import type { LocalStore } from './ports/local-store.ts'
import { faultRemote } from './testing/fault-remote.ts'
import { fillableStore } from './testing/fillable-store.ts'
import { memoryStore } from './testing/memory-store.ts'
import { miniOutpost } from './testing/mini-outpost.ts'
import { MiniServer } from './testing/mini-server.ts'
import { SALES_META } from './testing/sales-meta.ts'
import { virtualClock } from './testing/virtual-clock.ts'

afterEach(() => vi.restoreAllMocks())

describe('a sync that stops on a failure says so in the status', () => {
  it('shows a full store met by automatic sync, clears its progress, and forgets it once a sync ends', async () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined)
    const mini = new MiniServer({ meta: SALES_META, series: { Customer: 'CUST-' } })
    mini.serverWrite('Customer', 'CUST-000001', { doctype: 'Customer', customer_name: 'First' })
    const clock = virtualClock()
    const { store, full } = fillableStore(memoryStore(), 'The device has no room left for this site')
    const replica = await createReplica({ store, remote: faultRemote(miniOutpost(mini)), doctypes: ['Customer'], env: clock.env, schedule: { pushDelayMs: 100, pullDelayMs: 50, everyMs: 60_000 } })
    await replica.boot()
    expect(replica.status.syncFailure).toBeUndefined()

    await replica.start()
    await clock.advance(10)
    mini.serverWrite('Customer', 'CUST-000002', { doctype: 'Customer', customer_name: 'Second' })
    full.value = true
    await clock.advance(61_000)
    expect(replica.status.syncFailure).toEqual({ code: 'STORE_FULL', message: 'The device has no room left for this site', retryable: true })
    expect(replica.status.progress).toBeUndefined()
    expect(logged).toHaveBeenCalled()
    // a sync asked for meets it too, and is told
    await expect(replica.sync()).rejects.toMatchObject({ code: 'STORE_FULL' })

    full.value = false
    await clock.advance(10 * 60_000)
    expect(replica.status.syncFailure).toBeUndefined()
    expect(await replica.db.getDoc('Customer', 'CUST-000002')).toMatchObject({ customer_name: 'Second' })
    await replica.stop()
    await replica.close()
  })

  it('names a failure that is not an OutpostError INTERNAL', async () => {
    const mini = new MiniServer({ meta: SALES_META, series: { Customer: 'CUST-' } })
    const inner = memoryStore()
    let broken = false
    const store: LocalStore = { ...inner, write: (fn) => (broken ? Promise.reject(new TypeError('a bug')) : inner.write(fn)) }
    const replica = await createReplica({ store, remote: faultRemote(miniOutpost(mini)), doctypes: ['Customer'], env: virtualClock().env })
    await replica.boot()
    mini.serverWrite('Customer', 'CUST-000001', { doctype: 'Customer', customer_name: 'First' })
    broken = true
    await expect(replica.sync()).rejects.toThrow('a bug')
    expect(replica.status.syncFailure).toEqual({ code: 'INTERNAL', message: 'a bug', retryable: true })
    broken = false
    await replica.sync()
    expect(replica.status.syncFailure).toBeUndefined()
    await replica.close()
  })
})
