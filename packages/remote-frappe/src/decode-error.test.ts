import { describe, expect, it } from 'vitest'
import { decodeError, networkError, parseRetryAfter, serverMessages, stripHtml } from './decode-error.ts'

const serverMessagesOf = (...messages: unknown[]): string => JSON.stringify(messages.map((m) => JSON.stringify(m)))

describe('decodeError', () => {
  it('decodes _server_messages twice and strips the HTML', () => {
    const body = {
      exc_type: 'MandatoryError',
      exception: 'frappe.exceptions.MandatoryError: [Sales Invoice, new-sales-invoice-1]: company, customer',
      _server_messages: serverMessagesOf(
        { message: 'Error: Value missing for Sales Invoice: <b>Company</b>', title: 'Message', indicator: 'red', raise_exception: 1 },
        { message: 'Error: Value missing for Sales Invoice: <b>Customer</b>', title: 'Message', indicator: 'red', raise_exception: 1 },
      ),
    }
    expect(decodeError(417, body)).toEqual({
      excType: 'MandatoryError', httpStatus: 417,
      message: 'Error: Value missing for Sales Invoice: Company\nError: Value missing for Sales Invoice: Customer',
      messages: ['Error: Value missing for Sales Invoice: Company', 'Error: Value missing for Sales Invoice: Customer'],
    })
  })

  it('falls back to _error_message, message, then the exception text', () => {
    expect(decodeError(403, { exc_type: 'PermissionError', _error_message: 'Insufficient Permission for Sales Invoice' }).message).toBe('Insufficient Permission for Sales Invoice')
    expect(decodeError(401, { message: 'Invalid login credentials' })).toMatchObject({ excType: 'AuthenticationError', message: 'Invalid login credentials' })
    expect(decodeError(417, { exception: 'frappe.exceptions.TimestampMismatchError: Error: Document has been modified' })).toMatchObject({
      excType: 'TimestampMismatchError', message: 'Error: Document has been modified',
    })
  })

  it('names the class from the status when the body says nothing', () => {
    expect(decodeError(404, {})).toEqual({ excType: 'DoesNotExistError', httpStatus: 404, message: 'HTTP 404', messages: [] })
    expect(decodeError(409, {}).excType).toBe('DuplicateEntryError')
    expect(decodeError(502, {}, 'Bad Gateway')).toMatchObject({ excType: 'ServerError', message: 'HTTP 502 Bad Gateway' })
  })

  it('reads v2 errors and plain-string messages', () => {
    expect(serverMessages({ errors: [{ type: 'ValidationError', message: 'Bad <i>rate</i>' }] })).toEqual(['Bad rate'])
    expect(decodeError(417, { errors: [{ type: 'ValidationError', message: 'Bad rate' }] }).excType).toBe('ValidationError')
    expect(serverMessages({ _server_messages: JSON.stringify(['plain text']) })).toEqual(['plain text'])
    expect(serverMessages({ _server_messages: 'not json' })).toEqual([])
  })
})

describe('stripHtml', () => {
  it('keeps line breaks and decodes entities', () => {
    expect(stripHtml('Row #1: <a href="/app/item/X">X</a> &amp; Y<br>next &lt;line&gt;')).toBe('Row #1: X & Y\nnext <line>')
  })
})

describe('parseRetryAfter', () => {
  it('reads seconds and HTTP dates', () => {
    const now = Date.UTC(2026, 0, 1, 0, 0, 0)
    expect(parseRetryAfter('120', now)).toBe(120_000)
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:30 GMT', now)).toBe(30_000)
    expect(parseRetryAfter('Wed, 31 Dec 2025 23:00:00 GMT', now)).toBe(0)
    expect(parseRetryAfter(null, now)).toBeUndefined()
    expect(parseRetryAfter('soon', now)).toBeUndefined()
  })
})

describe('networkError', () => {
  it('tells a timeout from a refused connection', () => {
    expect(networkError(new DOMException('timed out', 'TimeoutError'), 30_000)).toMatchObject({ excType: 'TimeoutError', message: 'No answer within 30000 ms' })
    expect(networkError(new TypeError('fetch failed', { cause: { code: 'ECONNREFUSED' } }), 1)).toMatchObject({ excType: 'NetworkError', message: 'fetch failed (ECONNREFUSED)' })
  })
})
