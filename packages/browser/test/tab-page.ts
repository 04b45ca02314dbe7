import type { Doc } from '@outpost/meta'
import { openBrowserReplica, type BrowserReplica } from '../src/index.ts'

/** What e2e tests call in a tab through `page.evaluate(() => globalThis.outpost.…)`. */
export interface TabPageApi {
  login(usr: string, pwd: string): Promise<number>
  /** `everyMs`: the periodic sync (3 s by default here, so tests that wait for one are quick). */
  open(user: string, options?: { everyMs?: number }): Promise<void>
  role(): string
  status(): unknown
  create(doctype: string, doc: Doc): Promise<Doc>
  get(doctype: string, name: string): Promise<Doc | undefined>
  /** Local change events seen so far, each with the page clock's time. */
  changes(): { doctype: string; name: string; origin: string; at: number }[]
  sync(): Promise<unknown>
  close(): Promise<void>
}

/** Each request says which tab sent it (`x-outpost-tab`), so a test can tell the tabs' pushes apart. */
const TAB = crypto.randomUUID()
const pageFetch = globalThis.fetch.bind(globalThis)
globalThis.fetch = (input, init = {}) => {
  const headers = new Headers(init.headers ?? (input instanceof Request ? input.headers : undefined))
  headers.set('x-outpost-tab', TAB)
  return pageFetch(input, { ...init, headers })
}

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
    opened = await openBrowserReplica({ user, doctypes: ['Customer'], schedule: { pushDelayMs: 50, pullDelayMs: 50, everyMs: options.everyMs ?? 3000 } })
    opened.replica.on('change', (e) => seen.push({ doctype: e.doctype, name: e.name, origin: e.origin, at: Date.now() }))
  },
  role: () => replica().status.role,
  status: () => replica().status,
  create: (doctype, doc) => replica().db.createDoc(doctype, doc),
  get: (doctype, name) => replica().db.getDoc(doctype, name).catch(() => undefined),
  changes: () => seen,
  sync: () => replica().sync(),
  close: async () => opened?.close(),
}

;(globalThis as { outpost?: TabPageApi }).outpost = api
