import { describe, expect, it } from 'vitest'
import { fieldErrorMap, locateError } from './field-errors.ts'
import { invoice, schema } from './test-doctypes.ts'

const msg = (message: string) => ({ fieldname: undefined, row: undefined, message })

describe('field errors', () => {
  it('finds the field a Frappe message names by its label', () => {
    expect(locateError(schema, invoice, msg('Error: Value missing for Invoice: Customer'))).toEqual({ fieldname: 'customer', table: undefined, row: undefined })
    expect(locateError(schema, invoice, msg('Due Date cannot be before Posting Date'))?.fieldname).toBe('due_date')
  })

  it('a "Row #n" message lands on that row of the child table', () => {
    expect(locateError(schema, invoice, msg('Error: <strong>Invoice Item</strong> Row #2: Value missing for: Item'))).toEqual({ fieldname: 'item_code', table: 'items', row: 2 })
  })

  it('an explicit fieldname wins; messages no field claims are kept under ""', () => {
    const map = fieldErrorMap(schema, invoice, [{ fieldname: 'po_no', row: undefined, message: 'Too long' }, msg('Something else went wrong')])
    expect(map.get('po_no')).toEqual(['Too long'])
    expect(map.get('')).toEqual(['Something else went wrong'])
  })
})
