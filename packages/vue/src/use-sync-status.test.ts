import { describe, expect, it } from 'vitest'
import { effectScope, watch } from 'vue'
import { createReplica } from '@outpost/core'
import { fillableStore, memoryStore, testEnvironment } from '@outpost/core/testing'
import { DOCTYPES, invoice, openReplica, salesServer, settle } from './test-harness.ts'
import { useSyncStatus } from './use-sync-status.ts'

describe('useSyncStatus', () => {
  it('follows pending writes, sync, progress and the last refusal', async () => {
    const { replica } = await openReplica()
    const scope = effectScope()
    const status = scope.run(() => useSyncStatus({ replica }))!
    const seen: boolean[] = []
    scope.run(() => watch(() => status.progress, (p) => p && seen.push(true), { flush: 'sync' }))
    expect(status).toMatchObject({ online: false, pending: 0, errors: 0, syncing: false, lastError: null })
    const c = await replica.db.createDoc('Customer', { customer_name: 'Acme' })
    await replica.db.createDoc('Sales Invoice', invoice(String(c['name']), 0))
    expect(status.pending).toBe(2)

    const running = status.sync()
    expect(status.syncing).toBe(true)
    const summary = await running
    expect(summary).toMatchObject({ pushed: 1, rejected: 1 })
    await settle()
    expect(status).toMatchObject({ online: true, syncing: false, pending: 1, errors: 1, progress: undefined, summary, error: null })
    expect(status.lastSync).toBeTypeOf('number')
    expect(status.lastError).toMatchObject({ doctype: 'Sales Invoice', message: 'Row #1: Quantity must be greater than zero' })
    expect(seen.length).toBeGreaterThan(0)

    await replica.errors.discard(status.lastError!.id)
    await settle()
    expect(status).toMatchObject({ errors: 0, pending: 0, lastError: null })
    scope.stop()
  })

  it('shows why the last sync stopped (the device full, say) until a sync ends', async () => {
    const { store, full } = fillableStore(memoryStore())
    const server = salesServer()
    const replica = await createReplica({ store, remote: server, doctypes: DOCTYPES, env: testEnvironment() })
    const scope = effectScope()
    const status = scope.run(() => useSyncStatus({ replica }))!
    expect(status.syncFailure).toBeNull()
    server.serverWrite('Customer', 'CUST-2026-00001', { doctype: 'Customer', customer_name: 'Pulled' })
    full.value = true
    expect(await status.sync()).toBeUndefined()
    await settle()
    expect(status).toMatchObject({ syncing: false, progress: undefined, syncFailure: { code: 'STORE_FULL', message: 'The device has no room left', retryable: true } })
    expect(status.error).toMatchObject({ code: 'STORE_FULL' })
    full.value = false
    expect(await status.sync()).toMatchObject({ pulled: 1 })
    await settle()
    expect(status.syncFailure).toBeNull()
    scope.stop()
  })
})
