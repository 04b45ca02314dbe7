import { describe, expect, it } from 'vitest'
import { hashPassword, hashSecret, randomToken, secretMatches, verifyPassword } from './passwords.ts'

describe('hashPassword / verifyPassword', () => {
  it('stores scrypt with a random 16-byte salt and a 32-byte hash', () => {
    const stored = hashPassword('s3cret')
    expect(stored).toMatch(/^scrypt\$[0-9a-f]{32}\$[0-9a-f]{64}$/)
    expect(stored).not.toContain('s3cret')
    expect(hashPassword('s3cret')).not.toBe(stored)
  })

  it('verifies the right password only', () => {
    const stored = hashPassword('correct horse')
    expect(verifyPassword('correct horse', stored)).toBe(true)
    expect(verifyPassword('correct horse ', stored)).toBe(false)
    expect(verifyPassword('Correct horse', stored)).toBe(false)
    expect(verifyPassword('', stored)).toBe(false)
  })

  it('handles unicode and empty passwords', () => {
    expect(verifyPassword('pässwörd🔑', hashPassword('pässwörd🔑'))).toBe(true)
    expect(verifyPassword('', hashPassword(''))).toBe(true)
  })

  it.each([
    ['null', null], ['undefined', undefined], ['empty', ''], ['plain text', 'correct horse'],
    ['another scheme', 'bcrypt$00$11'], ['no hash', 'scrypt$00ff$'], ['no salt', 'scrypt$$00ff'],
  ])('refuses a %s stored hash', (_label, stored) => {
    expect(verifyPassword('correct horse', stored)).toBe(false)
  })

  it('refuses a truncated or non-hex hash without throwing', () => {
    const [scheme, salt, hash] = hashPassword('pw').split('$') as [string, string, string]
    expect(verifyPassword('pw', `${scheme}$${salt}$${hash.slice(0, 10)}`)).toBe(false)
    expect(verifyPassword('pw', `${scheme}$${salt}$${'zz'.repeat(32)}`)).toBe(false)
    // a different salt: flip the first hex digit (replacing it with a fixed 'f' is a no-op one time in 16)
    const otherSalt = `${salt[0] === 'f' ? '0' : 'f'}${salt.slice(1)}`
    expect(verifyPassword('pw', `${scheme}$${otherSalt}$${hash}`)).toBe(false)
  })
})

describe('API secrets', () => {
  it('hashes with SHA-256 hex', () => {
    expect(hashSecret('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad')
  })

  it('matches the right secret only', () => {
    const stored = hashSecret('secret-1')
    expect(secretMatches('secret-1', stored)).toBe(true)
    expect(secretMatches('secret-2', stored)).toBe(false)
    expect(secretMatches('', stored)).toBe(false)
  })

  it.each([null, undefined, '', 'not-hex', 'abcd'])('refuses stored value %j', (stored) => {
    expect(secretMatches('secret-1', stored)).toBe(false)
  })
})

describe('randomToken', () => {
  it('is hex of twice the byte count, and random', () => {
    expect(randomToken()).toMatch(/^[0-9a-f]{48}$/)
    expect(randomToken(28)).toMatch(/^[0-9a-f]{56}$/)
    expect(new Set(Array.from({ length: 50 }, () => randomToken(8))).size).toBe(50)
  })
})
