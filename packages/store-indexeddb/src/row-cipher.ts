import { OutpostError } from '@outpost/core'

/** WebCrypto, typed from the global (the package compiles without DOM typings). */
export type Subtle = typeof globalThis.crypto.subtle
export type AesKey = Awaited<ReturnType<Subtle['deriveKey']>>

/** Bytes of the random IV that starts every sealed value (AES-GCM's recommended 96 bits). */
const IV_BYTES = 12

/**
 * Encrypts and decrypts the JSON values a row holds. `aad` names the row (store, kind or
 * DocType, key): it is authenticated with the value, so a ciphertext copied into another row
 * does not open there.
 */
export interface RowCipher {
  seal(aad: string, value: unknown): Promise<Uint8Array>
  /** Rejects when the value was sealed with another key, for another row, or was altered. */
  open(aad: string, sealed: Uint8Array): Promise<unknown>
}

/** The page's WebCrypto, or INVALID_ARGUMENT: browsers give it to secure (https, localhost) pages only. */
export function webCrypto(): { readonly subtle: Subtle; getRandomValues<T extends Uint8Array>(array: T): T } {
  const crypto = (globalThis as { crypto?: typeof globalThis.crypto }).crypto
  if (crypto?.subtle === undefined) {
    throw new OutpostError('INVALID_ARGUMENT', 'Encrypting the local store needs WebCrypto (crypto.subtle), which browsers give to secure pages only (https or localhost)')
  }
  return crypto
}

/** Bytes as IndexedDB gives them back (a Uint8Array, possibly of another realm). */
export function isBytes(value: unknown): value is Uint8Array {
  return value instanceof Uint8Array || Object.prototype.toString.call(value) === '[object Uint8Array]'
}

const encoder = new TextEncoder()
const decoder = new TextDecoder()

/** AES-GCM with `key`: each value gets a random IV, stored before its ciphertext. */
export function aesGcmCipher(key: AesKey): RowCipher {
  const crypto = webCrypto()
  return {
    async seal(aad, value) {
      const iv = crypto.getRandomValues(new Uint8Array(IV_BYTES))
      // values are JSON (the LocalStore contract); undefined is stored as null
      const plain = encoder.encode(JSON.stringify(value) ?? 'null')
      const sealed = new Uint8Array(await crypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData: encoder.encode(aad) }, key, plain))
      const out = new Uint8Array(IV_BYTES + sealed.byteLength)
      out.set(iv)
      out.set(sealed, IV_BYTES)
      return out
    },
    async open(aad, sealed) {
      const iv = sealed.subarray(0, IV_BYTES)
      // copies: WebCrypto's DOM types take views over an ArrayBuffer only, not any ArrayBufferLike
      const plain = await crypto.subtle.decrypt({ name: 'AES-GCM', iv: new Uint8Array(iv), additionalData: encoder.encode(aad) }, key, new Uint8Array(sealed.subarray(IV_BYTES)))
      return JSON.parse(decoder.decode(plain)) as unknown
    },
  }
}
