import type { Doc } from '@outpost/meta'
import { openBrowserReplica, type BrowserReplica } from '../src/index.ts'

/** What e2e tests call in a tab through `page.evaluate(() => globalThis.outpost.…)`. */
export interface TabPageApi {
  login(usr: string, pwd: string): Promise<number>
  /**
   * `everyMs`: the periodic sync (3 s by default here, so tests that wait for one are quick).
   * Answers whether the store is encrypted, or the code of the OutpostError opening failed with.
   */
  open(user: string, options?: { everyMs?: number; passphrase?: string }): Promise<{ encrypted: boolean } | { failed: string }>
  role(): string
  status(): unknown
  create(doctype: string, doc: Doc): Promise<Doc>
  get(doctype: string, name: string): Promise<Doc | undefined>
  /** Local change events seen so far, each with the page clock's time. */
  changes(): { doctype: string; name: string; origin: string; at: number }[]
  sync(): Promise<unknown>
  close(): Promise<void>
  /** The `docs` rows of a database as text, sealed bytes decoded: what anyone with the profile could read. */
  storedText(database: string): Promise<string>
  /** The open replica's database name. */
  database(): string
}

/** Each request says which tab sent it (`x-outpost-tab`), so a test can tell the tabs' pushes apart. */
const TAB = crypto.randomUUID()
const pageFetch = globalThis.fetch.bind(globalThis)
globalThis.fetch = (input, init = {}) => {
  const headers = new Headers(init.headers ?? (input instanceof Request ? input.headers : undefined))
  headers.set('x-outpost-tab', TAB)
  return pageFetch(input, { ...init, headers })
}

/** The few raw IndexedDB calls `storedText` makes (this package compiles without DOM typings). */
interface RawRequest<T> { result: T; error: unknown; onsuccess: (() => void) | null; onerror: (() => void) | null }
interface RawDb { transaction(stores: string[], mode: 'readonly'): { objectStore(name: string): { getAll(): RawRequest<unknown[]> } }; close(): void }
const rawIndexedDb = (): { open(name: string): RawRequest<RawDb> } => (globalThis as unknown as { indexedDB: { open(name: string): RawRequest<RawDb> } }).indexedDB
const answer = <T>(req: RawRequest<T>): Promise<T> => new Promise((resolve, reject) => {
  req.onsuccess = () => resolve(req.result)
  req.onerror = () => reject(req.error)
})

let opened: BrowserReplica | undefined
const seen: { doctype: string; name: string; origin: string; at: number }[] = []

function replica(): BrowserReplica['replica'] {
  if (!opened) throw new Error('call open() first')
  return opened.replica
}

const api: TabPageApi = {
  async login(usr, pwd) {
    const res = await fetch('/api/method/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ usr, pwd }) })
    return res.status
  },
  async open(user, options = {}) {
    try {
      opened = await openBrowserReplica({
        user, doctypes: ['Customer'], schedule: { pushDelayMs: 50, pullDelayMs: 50, everyMs: options.everyMs ?? 3000 },
        ...(options.passphrase !== undefined ? { passphrase: options.passphrase } : {}),
      })
    } catch (e) {
      return { failed: (e as { code?: string }).code ?? String(e) }
    }
    opened.replica.on('change', (e) => seen.push({ doctype: e.doctype, name: e.name, origin: e.origin, at: Date.now() }))
    return { encrypted: opened.encrypted }
  },
  role: () => replica().status.role,
  status: () => replica().status,
  create: (doctype, doc) => replica().db.createDoc(doctype, doc),
  get: (doctype, name) => replica().db.getDoc(doctype, name).catch(() => undefined),
  changes: () => seen,
  sync: () => replica().sync(),
  close: async () => {
    await opened?.close()
    opened = undefined
  },
  async storedText(database) {
    const db = await answer(rawIndexedDb().open(database))
    try {
      const rows = await answer(db.transaction(['docs'], 'readonly').objectStore('docs').getAll())
      // sealed bodies are bytes: decoded as text they would show any plaintext they held
      return rows.map((r) => JSON.stringify(r, (_k, v: unknown) => (v instanceof Uint8Array ? new TextDecoder().decode(v) : v))).join('\n')
    } finally {
      db.close()
    }
  },
  database: () => opened?.database ?? '',
}

;(globalThis as { outpost?: TabPageApi }).outpost = api
