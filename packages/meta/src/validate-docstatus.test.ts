import { describe, expect, it } from 'vitest'
import { checkDocstatusTransition, docstatusAction } from './validate-docstatus.ts'
import { frappeErrorOf } from './testing/frappe-error-of.ts'

describe('docstatus transitions (document.py check_docstatus_transition)', () => {
  it.each([
    [undefined, 0, 'save'], [undefined, 1, 'submit'], [0, 0, 'save'], [0, 1, 'submit'], [1, 1, 'update_after_submit'], [1, 2, 'cancel'],
  ] as const)('%s → %s is %s', (from, to, action) => {
    expect(docstatusAction(from, to)).toBe(action)
    expect(() => checkDocstatusTransition(from, to)).not.toThrow()
  })

  it.each([
    [0, 2, 'DocstatusTransitionError', 'Cannot change docstatus from 0 (Draft) to 2 (Cancelled)'],
    [undefined, 2, 'DocstatusTransitionError', 'Cannot change docstatus from 0 (Draft) to 2 (Cancelled)'],
    [1, 0, 'DocstatusTransitionError', 'Cannot change docstatus from 1 (Submitted) to 0 (Draft)'],
    [2, 0, 'ValidationError', 'Cannot edit cancelled document'],
    [2, 1, 'ValidationError', 'Cannot edit cancelled document'],
    [2, 2, 'ValidationError', 'Cannot edit cancelled document'],
    [0, 3, 'ValidationError', 'Invalid docstatus'],
    [1, -1, 'ValidationError', 'Invalid docstatus'],
    [7, 0, 'ValidationError', 'Invalid docstatus'],
    [0, Number.NaN, 'ValidationError', 'Invalid docstatus'],
  ] as const)('%s → %s raises %s', (from, to, excType, message) => {
    const e = frappeErrorOf(() => checkDocstatusTransition(from, to))
    expect([e.excType, e.message, e.httpStatus]).toEqual([excType, message, 417])
    expect(e.messages).toEqual([]) // raised directly: Frappe sends no _server_messages
  })
})
