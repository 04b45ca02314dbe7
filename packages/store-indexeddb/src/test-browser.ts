import type {} from '@vitest/browser-playwright' // types cdp() with Chromium's DevTools protocol
import { cdp } from 'vitest/browser'
import type { IndexedDbDeps } from './store-format.ts'

/**
 * Helpers for `*.browser.test.ts` only: they drive the Chromium the test page runs in over
 * the DevTools protocol (quota, permissions). The project's TypeScript has no DOM library, so
 * the few browser globals used are typed here.
 */
interface BrowserGlobals {
  readonly location: { readonly origin: string }
  readonly indexedDB: { databases(): Promise<{ name?: string }[]> }
  readonly navigator: {
    readonly storage: { estimate(): Promise<{ usage?: number }>; persisted(): Promise<boolean> }
    readonly storageBuckets: { open(name: string): Promise<{ readonly indexedDB: IndexedDbDeps['indexedDB'] }> }
  }
}

const browser = globalThis as unknown as BrowserGlobals

/** Names of the IndexedDB databases this origin holds now. */
export async function databaseNames(): Promise<string[]> {
  return (await browser.indexedDB.databases()).flatMap((db) => (db.name === undefined ? [] : [db.name]))
}

/** Bytes this origin stores now, as the browser counts them against its quota. */
export async function storageUsage(): Promise<number> {
  return (await browser.navigator.storage.estimate()).usage ?? 0
}

export const isPersisted = (): Promise<boolean> => browser.navigator.storage.persisted()

/**
 * The IndexedDB of a new storage bucket of this origin. Chromium caches how much room a bucket
 * has left once it is in use, so a quota override only bites on a bucket first used after it.
 */
export async function freshBucketIndexedDb(name: string): Promise<IndexedDbDeps['indexedDB']> {
  return (await browser.navigator.storageBuckets.open(name)).indexedDB
}

/** Give this origin a quota of `bytes`, as a nearly full disk would; undefined restores the real one. */
export async function overrideQuota(bytes: number | undefined): Promise<void> {
  const origin = browser.location.origin
  await cdp().send('Storage.overrideQuotaForOrigin', bytes === undefined ? { origin } : { origin, quotaSize: bytes })
}

async function browserContextId(): Promise<string | undefined> {
  return (await cdp().send('Target.getTargetInfo')).targetInfo.browserContextId
}

/** Answer this origin's `navigator.storage.persist()` as a person (or the browser's heuristics) would. */
export async function setPersistentStorage(setting: 'granted' | 'denied' | 'prompt'): Promise<void> {
  const contextId = await browserContextId()
  await cdp().send('Browser.setPermission', {
    permission: { name: 'persistent-storage' },
    setting,
    origin: browser.location.origin,
    ...(contextId === undefined ? {} : { browserContextId: contextId }),
  })
}

/** `length` characters that IndexedDB's compression cannot shrink, so they take real quota. */
export function incompressibleText(length: number): string {
  const bytes = new Uint8Array(length)
  for (let at = 0; at < length; at += 65_536) crypto.getRandomValues(bytes.subarray(at, Math.min(length, at + 65_536)))
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'
  let text = ''
  for (const b of bytes) text += alphabet[b & 63]
  return text
}
