import { describe, expect, it } from 'vitest'
import { cookieValue, handshakeCaller, hostnameOf, RealtimeRefusal } from './socket-auth.ts'

describe('handshake parsing', () => {
  it('hostnameOf reads a Host header or an Origin as Frappe\'s get_hostname, IPv6 included', () => {
    expect(hostnameOf('erp.example.com:8000')).toBe('erp.example.com')
    expect(hostnameOf('https://erp.example.com')).toBe('erp.example.com')
    expect(hostnameOf('http://erp.example.com:9000/desk')).toBe('erp.example.com')
    expect(hostnameOf('[::1]:8000')).toBe('[::1]')
    expect(hostnameOf('http://[::1]:8000')).toBe('[::1]')
    expect(hostnameOf(undefined)).toBeUndefined()
    expect(hostnameOf('')).toBeUndefined()
  })

  it('cookieValue finds one cookie among many, decoded; a broken escape stays as sent', () => {
    expect(cookieValue('system_user=yes; sid=abc%20def; full_name=X', 'sid')).toBe('abc def')
    expect(cookieValue('sid="quoted"', 'sid')).toBe('quoted')
    expect(cookieValue('xsid=1; sid=2', 'sid')).toBe('2')
    expect(cookieValue('sid=%E0%A4%A', 'sid')).toBe('%E0%A4%A')
    expect(cookieValue(undefined, 'sid')).toBeUndefined()
  })

  it('handshakeCaller: header first, then auth.token (with or without `token `), then the sid cookie', () => {
    const base = { namespace: '/', auth: {} }
    expect(handshakeCaller({ ...base, headers: { authorization: 'token a:b', cookie: 'sid=s' } })).toEqual({ authorization: 'token a:b', sid: 's' })
    expect(handshakeCaller({ ...base, headers: {}, auth: { token: 'a:b' } })).toEqual({ authorization: 'token a:b', sid: undefined })
    expect(handshakeCaller({ ...base, headers: {}, auth: { token: 'token a:b' } })).toEqual({ authorization: 'token a:b', sid: undefined })
    expect(handshakeCaller({ ...base, headers: { cookie: 'sid=s' } })).toEqual({ authorization: undefined, sid: 's' })
  })

  it('handshakeCaller refuses no credentials, a Guest sid, and a non-string token', () => {
    for (const h of [{ headers: {}, auth: {} }, { headers: { cookie: 'sid=Guest' }, auth: {} }, { headers: {}, auth: { token: 42 } }, { headers: {}, auth: { token: '  ' } }]) {
      const attempt = (): unknown => handshakeCaller({ namespace: '/', ...h })
      expect(attempt).toThrow(RealtimeRefusal)
      expect(attempt).toThrow('No authentication method used. Use cookie or authorization header.')
    }
  })
})
