import type { Doc } from '@outpost/meta'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { frappeRemote } from './frappe-remote.ts'
import { ADMIN_TOKEN, customerDoc, invoiceDoc, startReferenceSite, type ReferenceSite } from './test-support/reference-site.ts'

let ref: ReferenceSite
beforeAll(async () => {
  ref = await startReferenceSite({})
})
afterAll(() => ref.close())

describe('fetchDocs', () => {
  it('returns whole documents with child rows, leaving out names the server lacks', async () => {
    const customer = String((await ref.admin.insert('Customer', customerDoc('Fetch Me Ltd')))['name'])
    const a = String((await ref.admin.insert('Sales Invoice', invoiceDoc(customer)))['name'])
    const b = String((await ref.admin.insert('Sales Invoice', invoiceDoc(customer)))['name'])
    const remote = frappeRemote({ url: ref.url, token: ADMIN_TOKEN })
    const result = await remote.fetchDocs('Sales Invoice', [a, 'ACC-SINV-1999-00001', b])
    if (result.kind !== 'ok') throw new Error(JSON.stringify(result))
    expect(result.value.map((d) => d['name']).sort()).toEqual([a, b].sort())
    for (const doc of result.value) {
      const items = doc['items'] as Doc[]
      expect(items.length).toBeGreaterThan(0)
      expect(items.every((r) => r['parent'] === doc['name'])).toBe(true)
    }
  })
})
