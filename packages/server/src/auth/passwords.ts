import { createHash, randomBytes, scryptSync, timingSafeEqual } from 'node:crypto'

/** Passwords: scrypt with a per-user salt. */
export function hashPassword(password: string): string {
  const salt = randomBytes(16)
  return `scrypt$${salt.toString('hex')}$${scryptSync(password, salt, 32).toString('hex')}`
}

export function verifyPassword(password: string, stored: string | null | undefined): boolean {
  const [scheme, saltHex, hashHex] = (stored ?? '').split('$')
  if (scheme !== 'scrypt' || !saltHex || !hashHex) return false
  const actual = scryptSync(password, Buffer.from(saltHex, 'hex'), 32)
  const expected = Buffer.from(hashHex, 'hex')
  return actual.length === expected.length && timingSafeEqual(actual, expected)
}

/** API secrets are long random strings, so a fast digest is enough (and keeps token auth cheap). */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex')
}

export function secretMatches(secret: string, stored: string | null | undefined): boolean {
  if (!stored) return false
  const a = Buffer.from(hashSecret(secret), 'hex')
  const b = Buffer.from(stored, 'hex')
  return a.length === b.length && timingSafeEqual(a, b)
}

export function randomToken(bytes = 24): string {
  return randomBytes(bytes).toString('hex')
}
