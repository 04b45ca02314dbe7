import { describe, expect, it } from 'vitest'
import { readLines } from './ndjson.ts'
import { chunkedBody } from './test-support/fake-site.ts'

async function linesOf(text: string, chunk: number): Promise<string[]> {
  const out: string[] = []
  expect(await readLines(chunkedBody(text, { chunk }), (l) => (out.push(l), true))).toBe('end-of-body')
  return out
}

describe('readLines', () => {
  it('gives the same lines whatever the chunking, multi-byte characters cut in two included', async () => {
    const text = '{"a":"Ünïcödé ₹ 😀"}\n\n{"b":2}\r\n{"c":3}'
    const expected = ['{"a":"Ünïcödé ₹ 😀"}', '{"b":2}\r', '{"c":3}']
    for (const chunk of [1, 2, 3, 5, 7, 64]) expect(await linesOf(text, chunk), `chunk ${chunk}`).toEqual(expected)
  })

  it('stops when told and cancels the rest of the body', async () => {
    let cancelled = false
    const seen: string[] = []
    const body = chunkedBody('one\ntwo\nthree\n', { chunk: 4, onCancel: () => (cancelled = true) })
    expect(await readLines(body, (l) => (seen.push(l), l !== 'two'))).toBe('stopped')
    expect(seen).toEqual(['one', 'two'])
    expect(cancelled).toBe(true)
  })

  it('refuses a line longer than the limit without holding more of it', async () => {
    expect(await readLines(chunkedBody('x'.repeat(100), { chunk: 10 }), () => true, 50)).toBe('too-long')
  })

  it('throws when the connection drops mid-body', async () => {
    await expect(readLines(chunkedBody('{"a":1}\n{"b":', { chunk: 4, failAfter: 2 }), () => true)).rejects.toThrow('terminated')
  })

  it('reads nothing from an answer without a body', async () => {
    expect(await readLines(null, () => true)).toBe('end-of-body')
  })
})
