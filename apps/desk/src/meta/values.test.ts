import { describe, expect, it } from 'vitest'
import { displayValue, inputText, parseInput, roundTo } from './values.ts'
import { invoice, invoiceItem } from './test-doctypes.ts'

const field = (name: string) => invoice.field(name) ?? invoiceItem.field(name)!

describe('field values', () => {
  it('rounds money to its precision, half away from zero', () => {
    expect(roundTo(2.675, 2)).toBe(2.68)
    expect(roundTo(-1.005, 2)).toBe(-1.01)
    expect(roundTo(1.23456, undefined)).toBe(1.23456)
  })

  it('parses what an input holds into the stored value', () => {
    expect(parseInput(field('rate'), '1,250.5')).toBe(1250.5)
    expect(parseInput(field('qty'), '')).toBe(0)
    expect(parseInput(field('rate'), 'abc')).toBe('abc')
    expect(parseInput(field('due_date'), '')).toBeNull()
    expect(parseInput(field('customer'), '')).toBeNull()
    expect(parseInput(field('po_no'), '')).toBe('')
  })

  it('shows Currency with its precision in inputs and lists', () => {
    expect(inputText(field('rate'), 3)).toBe('3.00')
    expect(inputText(field('due_date'), null)).toBe('')
    expect(displayValue(field('grand_total'), 1234.5)).toBe('1,234.50')
    expect(displayValue(field('qty'), 2)).toBe('2')
  })
})
