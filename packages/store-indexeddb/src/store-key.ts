import { OutpostError } from '@outpost/core'
import type { EncryptionRow } from './layout.ts'
import { aesGcmCipher, isBytes, webCrypto, type RowCipher } from './row-cipher.ts'
import { corruptError, lockedError } from './store-errors.ts'

export interface StoreEncryptionOptions {
  /** The secret the key is derived from; the store keeps neither it nor the key on disk. */
  readonly passphrase: string
  /**
   * PBKDF2 iterations for a new database (default 600,000, OWASP's figure for PBKDF2-SHA-256;
   * lower only in tests). An existing database keeps the count it was created with.
   */
  readonly iterations?: number
}

export const DEFAULT_ITERATIONS = 600_000
/** The lowest count accepted (tests use it): lower would make a passphrase nearly free to guess. */
const MIN_ITERATIONS = 1_000
const SALT_BYTES = 16
const CHECK_AAD = 'layout:encryption'
const CHECK_VALUE = 'outpost-store-key'

/** INVALID_ARGUMENT for an unusable passphrase or iteration count, before anything is opened. */
export function checkEncryptionOptions(options: StoreEncryptionOptions): void {
  if (typeof options.passphrase !== 'string' || options.passphrase === '') {
    throw new OutpostError('INVALID_ARGUMENT', 'indexedDbStore: encryption needs a non-empty passphrase')
  }
  const n = options.iterations
  if (n !== undefined && !(Number.isInteger(n) && n >= MIN_ITERATIONS)) {
    throw new OutpostError('INVALID_ARGUMENT', `indexedDbStore: encryption.iterations must be an integer of at least ${MIN_ITERATIONS}`)
  }
  // an insecure (http) page has no crypto.subtle: say so when the store is made, not at first use
  webCrypto()
}

/** PBKDF2-SHA-256 of the passphrase to a non-extractable AES-GCM 256-bit key. */
async function deriveCipher(passphrase: string, salt: Uint8Array, iterations: number): Promise<RowCipher> {
  const { subtle } = webCrypto()
  const material = await subtle.importKey('raw', new TextEncoder().encode(passphrase), 'PBKDF2', false, ['deriveKey'])
  const key = await subtle.deriveKey({ name: 'PBKDF2', hash: 'SHA-256', salt: new Uint8Array(salt), iterations }, material, { name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt'])
  return aesGcmCipher(key)
}

/** A key for a new database: a random salt, and the layout row that lets a later open check it. */
export async function newKey(options: StoreEncryptionOptions): Promise<{ readonly row: EncryptionRow; readonly cipher: RowCipher }> {
  const salt = webCrypto().getRandomValues(new Uint8Array(SALT_BYTES))
  const iterations = options.iterations ?? DEFAULT_ITERATIONS
  const cipher = await deriveCipher(options.passphrase, salt, iterations)
  const check = await cipher.seal(CHECK_AAD, CHECK_VALUE)
  return { row: { id: 'encryption', kdf: 'PBKDF2-SHA-256', cipher: 'AES-GCM-256', iterations, salt, check }, cipher }
}

function isEncryptionRow(row: unknown): row is EncryptionRow {
  const r = row as Partial<EncryptionRow> | null
  return typeof r === 'object' && r !== null && r.kdf === 'PBKDF2-SHA-256' && r.cipher === 'AES-GCM-256'
    && Number.isInteger(r.iterations) && (r.iterations ?? 0) > 0 && isBytes(r.salt) && isBytes(r.check)
}

/**
 * The key of an existing database: none for a plain one (refused when a passphrase was given,
 * so its data is never left plain behind the caller's back), STORE_LOCKED for an encrypted one
 * without the passphrase or with a wrong one. Nothing is changed on disk either way.
 */
export async function existingKey(name: string, row: unknown, options: StoreEncryptionOptions | undefined): Promise<RowCipher | undefined> {
  if (row === undefined) {
    if (options === undefined) return undefined
    throw new OutpostError('INVALID_ARGUMENT', `The local store ${name} holds unencrypted data, so it cannot be opened with a passphrase. Open it without one, or (once its changes are synced) destroy it and open it again with the passphrase to keep it encrypted.`)
  }
  if (!isEncryptionRow(row)) throw corruptError(name, 'has encryption settings it cannot read: they were damaged or written by another program')
  if (options === undefined) throw lockedError(name, 'is encrypted: give the passphrase to open it')
  const cipher = await deriveCipher(options.passphrase, row.salt, row.iterations)
  const check = await cipher.open(CHECK_AAD, row.check).catch(() => undefined)
  if (check !== CHECK_VALUE) throw lockedError(name, 'is encrypted and this passphrase does not unlock it')
  return cipher
}

/** What an encrypted store protects, and what stays readable on disk because queries need it. */
export const STORAGE_ENCRYPTION = {
  cipher: 'AES-GCM, 256-bit key; a random 12-byte IV per value; the row key authenticated with each value',
  keyDerivation: 'PBKDF2-SHA-256 of the passphrase with a random 16-byte salt, 600,000 iterations by default; the key is non-extractable and never stored',
  encrypted: [
    'document bodies, child rows included',
    'record values: queued mutations, base versions, error and conflict logs, sync cursors and state',
  ],
  plaintext: [
    'DocType names and document names (the keys)',
    'values of indexed fields (lower-cased text, numbers): modified, outpost_id, the sort field, and fields with a search index or unique',
    'values of grouped fields: docstatus, and Select and Check fields in standard filters or with a search index',
    'values of each DocType\'s list order field (its sort_field, or the store\'s listOrder), carried in its index entries',
    'record kinds and keys (queued changes are keyed by the document they change)',
    'how many rows there are and roughly how large each is',
  ],
} as const
