import { OutpostError } from '@outpost/core'
import { describe, expect, it } from 'vitest'
import { outpostRemote } from './outpost-remote.ts'
import type { OutpostRemoteOptions } from './options.ts'

const refused = (o: unknown): OutpostError => {
  try {
    outpostRemote(o as OutpostRemoteOptions)
  } catch (e) {
    if (e instanceof OutpostError) return e
    throw e
  }
  throw new Error(`accepted ${JSON.stringify(o)}`)
}

describe('outpostRemote options', () => {
  it('declares the protocol capabilities', () => {
    expect(outpostRemote({ url: 'https://erp.example.com', token: 'k:s' }).capabilities).toEqual({
      idempotentPush: true, changeLog: true, deletions: true, tempNameResolution: true, batchPush: true, visibilityHints: true, realtime: true, metaVersions: true,
    })
    expect(typeof outpostRemote({ url: 'http://127.0.0.1:8000', username: 'u', password: 'p', timeoutMs: 500, pageSize: 100, overlapMs: 0 }).pushBatch).toBe('function')
    expect(typeof outpostRemote({ url: 'http://127.0.0.1:8000', session: 'browser' }).pull).toBe('function')
  })

  it('throws INVALID_ARGUMENT for options that cannot work', () => {
    const cases: [unknown, RegExp][] = [
      [{ token: 'k:s' }, /url/],
      [{ url: 'erp.example.com', token: 'k:s' }, /not a URL/],
      [{ url: 'ftp://erp.example.com', token: 'k:s' }, /http or https/],
      [{ url: 'https://erp.example.com' }, /token.*username/],
      [{ url: 'https://erp.example.com', username: 'u' }, /token.*username/],
      [{ url: 'https://erp.example.com', token: 'no-secret' }, /api_key:api_secret/],
      [{ url: 'https://erp.example.com', token: 'k:s', username: 'u', password: 'p' }, /not both/],
      [{ url: 'https://erp.example.com', token: 'k:s', timeoutMs: 0 }, /timeoutMs/],
      [{ url: 'https://erp.example.com', token: 'k:s', pageSize: Number.NaN }, /pageSize/],
      [{ url: 'https://erp.example.com', token: 'k:s', fetch: 'nope' }, /fetch/],
      [{ url: 'https://erp.example.com', session: 'cookie' }, /only be 'browser'/],
      [{ url: 'https://erp.example.com', session: 'browser', token: 'k:s' }, /takes no/],
      [{ url: 'https://erp.example.com', session: 'browser', fetch: 1 }, /fetch/],
    ]
    for (const [options, message] of cases) {
      const e = refused(options)
      expect(e.code, JSON.stringify(options)).toBe('INVALID_ARGUMENT')
      expect(e.message).toMatch(message)
    }
  })
})
