import type { OutgoingMutation } from '@outpost/core'
import { describe, expect, it } from 'vitest'
import { outpostRemote } from './outpost-remote.ts'
import { fakeSite, json, type Handler } from './test-support/fake-site.ts'

const TEMP = 'new-customer-00000000-0000-4000-8000-000000000001'

function m(id: string, fields: Partial<OutgoingMutation> = {}): OutgoingMutation {
  return { id, kind: 'update', doctype: 'Customer', name: 'CUST-1', outpostId: `o-${id}`, baseModified: '2026-01-01 00:00:00.000001', doc: { notes: id }, maybeApplied: false, ...fields }
}

function remoteAnswering(handler: Handler) {
  const site = fakeSite(handler)
  return { remote: outpostRemote({ url: 'http://erp.test', token: 'key:secret', fetch: site.fetch }), received: site.received }
}

const results = (...rs: unknown[]): Response => json(200, { message: { results: rs } })

describe('pushBatch: the request', () => {
  it('POSTs the mutations in order, documents cleaned as for REST, with ids, client ids and bases', async () => {
    const { remote, received } = remoteAnswering(() => results())
    const insert = m('m1', {
      kind: 'insert', name: TEMP, baseModified: undefined,
      doc: { name: TEMP, doctype: 'Customer', customer_name: 'Acme', modified: 'x', __islocal: 1, items: [{ name: 'new-row-1', parent: TEMP, qty: 1 }] },
    })
    await remote.pushBatch([insert, m('m2', { kind: 'update', name: TEMP, baseModified: undefined, doc: { notes: 'n', modified: 'x' } }), m('m3', { kind: 'submit', doc: undefined })])
    expect(received).toHaveLength(1)
    expect(received[0]).toMatchObject({ method: 'POST', path: '/api/method/outpost.sync.push' })
    expect(received[0]?.body).toEqual({
      mutations: [
        { mutation_id: 'm1', outpost_id: 'o-m1', kind: 'insert', doctype: 'Customer', name: TEMP, base_modified: null, doc: { customer_name: 'Acme', items: [{ qty: 1 }], outpost_id: 'o-m1' } },
        { mutation_id: 'm2', outpost_id: 'o-m2', kind: 'update', doctype: 'Customer', name: TEMP, base_modified: null, doc: { notes: 'n' } },
        { mutation_id: 'm3', outpost_id: 'o-m3', kind: 'submit', doctype: 'Customer', name: 'CUST-1', base_modified: '2026-01-01 00:00:00.000001', doc: null },
      ],
    })
  })
})

describe('pushBatch: results', () => {
  it('takes a delete of a document that is not there (404) as done, as frappeRemote does; other 404s stay refusals', async () => {
    const gone = { status: 'rejected', exc_type: 'DoesNotExistError', http_status: 404, message: 'Sales Invoice SINV-1 not found' }
    const { remote } = remoteAnswering(() => results({ mutation_id: 'd1', ...gone }, { mutation_id: 'u1', ...gone }))
    const outcome = await remote.pushBatch([{ ...m('d1'), kind: 'delete', doc: undefined }, { ...m('u1'), kind: 'update' }])
    expect(outcome).toEqual({ kind: 'results', results: [{ kind: 'accepted', doc: undefined }, expect.objectContaining({ kind: 'rejected' })] })
  })

  it('maps accepted, rejected, conflict and skipped, matched by mutation id', async () => {
    const { remote } = remoteAnswering(() => results(
      { mutation_id: 'm3', status: 'skipped', reason: 'depends on m2' },
      { mutation_id: 'm1', status: 'accepted', doc: { name: 'CUST-9', modified: 'm' } },
      { mutation_id: 'm2', status: 'rejected', exc_type: 'ValidationError', http_status: 417, message: '<b>Qty</b> must be &gt; 0', messages: ['<b>Qty</b> must be &gt; 0'] },
      { mutation_id: 'm4', status: 'conflict', exc_type: 'TimestampMismatchError', message: 'Document has been modified', doc: { name: 'CUST-4', modified: 'newer' } },
      { mutation_id: 'm5', status: 'accepted' },
    ))
    const outcome = await remote.pushBatch(['m1', 'm2', 'm3', 'm4', 'm5', 'm6'].map((id) => m(id)))
    expect(outcome).toEqual({
      kind: 'results',
      results: [
        { kind: 'accepted', doc: { name: 'CUST-9', modified: 'm' } },
        { kind: 'rejected', error: { excType: 'ValidationError', httpStatus: 417, message: 'Qty must be > 0', messages: ['Qty must be > 0'] } },
        undefined,
        { kind: 'conflict', serverDoc: { name: 'CUST-4', modified: 'newer' }, error: { excType: 'TimestampMismatchError', httpStatus: undefined, message: 'Document has been modified', messages: [] } },
        { kind: 'accepted', doc: undefined },
        undefined,
      ],
    })
  })

  it('reads a refusal by its status class: 401 asks for a login, 5xx and 429 are retried', async () => {
    const { remote } = remoteAnswering(() => results(
      { mutation_id: 'a', status: 'rejected', exc_type: 'AuthenticationError', http_status: 401, message: 'Session expired' },
      { mutation_id: 'b', status: 'rejected', exc_type: 'OperationalError', http_status: 500, message: 'Deadlock' },
      { mutation_id: 'c', status: 'rejected', exc_type: 'PermissionError', http_status: 403, messages: ['Not permitted'] },
    ))
    const outcome = await remote.pushBatch([m('a'), m('b'), m('c')])
    expect(outcome.kind === 'results' && outcome.results.map((r) => r?.kind)).toEqual(['auth', 'retry', 'rejected'])
    expect(outcome.kind === 'results' && outcome.results[2]).toMatchObject({ error: { message: 'Not permitted', httpStatus: 403 } })
  })

  it('matches by position when the server gives no ids', async () => {
    const { remote } = remoteAnswering(() => results({ status: 'accepted', doc: { name: 'A' } }, { status: 'skipped' }))
    expect(await remote.pushBatch([m('x'), m('y')])).toEqual({ kind: 'results', results: [{ kind: 'accepted', doc: { name: 'A' } }, undefined] })
  })
})

describe('pushBatch: the request as a whole', () => {
  it('answers a whole-batch failure by HTTP status, offline when the network is down', async () => {
    const batch = [m('a'), m('b')]
    expect(await remoteAnswering(() => json(503, {}, { 'retry-after': '3' })).remote.pushBatch(batch)).toMatchObject({ kind: 'retry', retryAfterMs: 3000 })
    expect(await remoteAnswering(() => json(429, { exc_type: 'RateLimitExceededError' })).remote.pushBatch(batch)).toMatchObject({ kind: 'retry', error: { httpStatus: 429 } })
    expect(await remoteAnswering(() => json(401, { exc_type: 'AuthenticationError' })).remote.pushBatch(batch)).toMatchObject({ kind: 'auth' })
    expect(await remoteAnswering(() => json(417, { exc_type: 'ValidationError', message: 'At most 1000 mutations' })).remote.pushBatch(batch)).toMatchObject({
      kind: 'rejected', error: { message: 'At most 1000 mutations' },
    })
    expect(await remoteAnswering(() => { throw new TypeError('fetch failed') }).remote.pushBatch(batch)).toMatchObject({ kind: 'offline', error: { excType: 'NetworkError' } })
  })

  it('is offline when a 2xx answer carries no results', async () => {
    expect(await remoteAnswering(() => json(200, { message: 'ok' })).remote.pushBatch([m('a')])).toMatchObject({ kind: 'offline', error: { excType: 'InvalidResponse' } })
  })

  it('sends at most 1,000 mutations per call; a later call that fails leaves its mutations unanswered', async () => {
    let calls = 0
    const { remote, received } = remoteAnswering((req) => {
      calls++
      if (calls === 3) return json(502, {})
      const sent = (req.body as { mutations: { mutation_id: string }[] }).mutations
      return results(...sent.map((s) => ({ mutation_id: s.mutation_id, status: 'accepted', doc: { name: s.mutation_id } })))
    })
    const batch = Array.from({ length: 2500 }, (_, i) => m(`m${i}`))
    const outcome = await remote.pushBatch(batch)
    expect(received.map((r) => (r.body as { mutations: unknown[] }).mutations.length)).toEqual([1000, 1000, 500])
    if (outcome.kind !== 'results') throw new Error(outcome.kind)
    expect(outcome.results.filter((r) => r?.kind === 'accepted')).toHaveLength(2000)
    expect(outcome.results.slice(2000).every((r) => r === undefined)).toBe(true)
  })
})

describe('push: one mutation through the batch method', () => {
  it('answers the one result, or the whole failure', async () => {
    expect(await remoteAnswering(() => results({ mutation_id: 'a', status: 'accepted', doc: { name: 'A' } })).remote.push(m('a'))).toEqual({ kind: 'accepted', doc: { name: 'A' } })
    expect(await remoteAnswering(() => json(500, {})).remote.push(m('a'))).toMatchObject({ kind: 'retry' })
    expect(await remoteAnswering(() => results({ mutation_id: 'a', status: 'skipped' })).remote.push(m('a'))).toMatchObject({ kind: 'retry', error: { excType: 'InvalidResponse' } })
  })
})
