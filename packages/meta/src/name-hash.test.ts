import { describe, it, expect } from 'vitest'
import { BASE32HEX_LOWER, HASH_NAME_PATTERN, makeHashName } from './name-hash.ts'

/** A deterministic random source cycling through the given values. */
function sequence(...values: number[]): () => number {
  let i = 0
  return () => values[i++ % values.length] ?? 0
}

/** A small seeded PRNG (mulberry32) so the shape tests are reproducible. */
function seeded(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

describe('makeHashName', () => {
  it('is 10 lowercase base32hex characters', () => {
    const random = seeded(42)
    for (let i = 0; i < 2000; i++) {
      const name = makeHashName(random, 17_000_000_000 + i * 37)
      expect(name).toMatch(HASH_NAME_PATTERN)
      expect(name).toMatch(/^[0-9a-v]{10}$/)
    }
  })

  it('starts with base32hex(deciseconds mod 32^4), as b32hexencode(ts.to_bytes(5))[-4:]', () => {
    // Python: base64.b32hexencode((123456789 % 32**4).to_bytes(5, "big")).decode()[-4:].lower() == "nj8l"
    expect(makeHashName(sequence(0), 123_456_789).slice(0, 4)).toBe('nj8l')
    expect(makeHashName(sequence(0), 0).slice(0, 4)).toBe('0000')
    expect(makeHashName(sequence(0), 32 ** 4 - 1).slice(0, 4)).toBe('vvvv')
    expect(makeHashName(sequence(0), 32 ** 4).slice(0, 4)).toBe('0000')
    expect(makeHashName(sequence(0), 32).slice(0, 4)).toBe('0010')
  })

  it('wraps negative and fractional times into the window', () => {
    expect(makeHashName(sequence(0), -1).slice(0, 4)).toBe('vvvv')
    expect(makeHashName(sequence(0), 32.9).slice(0, 4)).toBe('0010')
    expect(() => makeHashName(sequence(0), Number.NaN)).toThrow(TypeError)
  })

  it('sorts by time within the 12-day window', () => {
    const names = [0, 1, 31, 32, 1000, 500_000, 32 ** 4 - 1].map((t) => makeHashName(sequence(0.99), t))
    expect([...names].sort()).toEqual(names)
  })

  it('draws one random character per call of random()', () => {
    const values = [0, 1 / 32, 10 / 32, 31 / 32, 0.999_999, 0.5]
    expect(makeHashName(sequence(...values), 0)).toBe('0000' + '01avvg')
    let calls = 0
    makeHashName(() => { calls++; return 0.25 }, 0)
    expect(calls).toBe(6)
  })

  it('uses every base32hex character', () => {
    const seen = new Set<string>()
    const random = seeded(7)
    for (let i = 0; i < 500; i++) for (const ch of makeHashName(random, i).slice(4)) seen.add(ch)
    expect([...seen].sort().join('')).toBe(BASE32HEX_LOWER)
  })

  it('refuses a random source outside [0, 1)', () => {
    expect(() => makeHashName(sequence(1), 0)).toThrow(RangeError)
    expect(() => makeHashName(sequence(-0.1), 0)).toThrow(RangeError)
    expect(() => makeHashName(sequence(Number.NaN), 0)).toThrow(RangeError)
  })
})
