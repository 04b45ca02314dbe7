import { describe, expect, it } from 'vitest'
import { validateUnique } from './validate-unique.ts'
import { frappeRejectionOf } from './testing/frappe-error-of.ts'
import { memoryResolvers } from './testing/memory-resolvers.ts'
import { SAMPLE_STORE, sampleOrder } from './testing/sample-docs.ts'
import { sampleSchema } from './testing/sample-schema.ts'
import type { ValidationResolvers } from './validate-resolvers.ts'

const schema = sampleSchema()
const order = schema.require('Test Order')

describe('unique', () => {
  it('accepts new values and blanks', async () => {
    const doc = sampleOrder(schema, { external_ref: 'EXT-NEW', items: [{ item: 'I1', qty: 1, serial: 'SN-1' }, { item: 'I1', qty: 1, serial: '' }] })
    await expect(validateUnique(schema, order, doc, memoryResolvers(SAMPLE_STORE), true)).resolves.toBeUndefined()
  })

  it('refuses a value another document has (case-insensitively), with Frappe\'s message', async () => {
    const e = await frappeRejectionOf(validateUnique(schema, order, sampleOrder(schema, { external_ref: 'ext-1' }), memoryResolvers(SAMPLE_STORE), true))
    expect([e.excType, e.message, e.messages]).toEqual(['UniqueValidationError', 'External Ref must be unique', [{ message: 'External Ref must be unique' }]])
  })

  it('lets a document keep its own value on update', async () => {
    const doc = sampleOrder(schema, { name: 'ORD-DRAFT', external_ref: 'EXT-1' })
    await expect(validateUnique(schema, order, doc, memoryResolvers(SAMPLE_STORE), false)).resolves.toBeUndefined()
  })

  it('passes exceptName: undefined on insert, the name on update, the row name for rows', async () => {
    const calls: [string, string, unknown, string | undefined][] = []
    const spy: ValidationResolvers = {
      resolveLink: () => Promise.resolve(undefined),
      isDuplicate: (...args) => { calls.push(args); return Promise.resolve(false) },
    }
    const doc = sampleOrder(schema, { external_ref: 'E', items: [{ name: 'row1', item: 'I1', qty: 1, serial: 'S1' }, { item: 'I1', qty: 1, serial: 'S2' }] })
    await validateUnique(schema, order, doc, spy, true)
    await validateUnique(schema, order, doc, spy, false)
    expect(calls).toEqual([
      ['Test Order', 'external_ref', 'E', undefined], ['Test Order Item', 'serial', 'S1', 'row1'], ['Test Order Item', 'serial', 'S2', undefined],
      ['Test Order', 'external_ref', 'E', 'ORD-0001'], ['Test Order Item', 'serial', 'S1', 'row1'], ['Test Order Item', 'serial', 'S2', undefined],
    ])
  })

  it('refuses a row value stored elsewhere, and two rows sharing one', async () => {
    const taken = sampleOrder(schema, { items: [{ item: 'I1', qty: 1, serial: 'SN-TAKEN' }] })
    expect((await frappeRejectionOf(validateUnique(schema, order, taken, memoryResolvers(SAMPLE_STORE), true))).message).toBe('Serial must be unique')
    const twice = sampleOrder(schema, { items: [{ item: 'I1', qty: 1, serial: 'SN-9' }, { item: 'I1', qty: 1, serial: 'sn-9' }] })
    expect((await frappeRejectionOf(validateUnique(schema, order, twice, memoryResolvers(SAMPLE_STORE), true))).excType).toBe('UniqueValidationError')
  })
})
