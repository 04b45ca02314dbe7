import { isTempName } from '../ids.ts'
import type { OutgoingMutation, PullOutcome, PushOutcome, Remote, RemoteError, RemoteResult } from '../ports/remote.ts'

type Doc = Record<string, unknown>

export interface MiniServerOptions {
  /** DocType JSON by name, as getdoctype answers (children listed after the parent). */
  readonly meta: Readonly<Record<string, readonly unknown[]>>
  /** Series prefix per DocType; others keep the client name (field-named). */
  readonly series?: Readonly<Record<string, string>>
  /** Link fields to check on the server: doctype → { field: target doctype }. */
  readonly links?: Readonly<Record<string, Readonly<Record<string, string>>>>
  /** Business rules: return a message to refuse the document (417). */
  readonly validate?: (doctype: string, doc: Doc, server: MiniServer) => string | undefined
}

/** One committed change, in commit order (the Outpost change log). */
export interface MiniChange {
  readonly seq: number
  readonly doctype: string
  readonly name: string
  readonly op: 'write' | 'delete' | 'rename' | 'visibility'
  readonly from?: string
}

const refuse = (excType: string, status: number, message: string): { kind: 'rejected'; error: RemoteError } =>
  ({ kind: 'rejected', error: { excType, httpStatus: status, message, messages: [message] } })

/**
 * A tiny in-memory Frappe for engine tests: series naming, link checks, `modified` stamps,
 * TimestampMismatch on a stale base, a (modified, name) pull cursor, outpost_id idempotency.
 * Not the reference server: fast and deterministic, for unit and simulation tests.
 */
export class MiniServer implements Remote {
  readonly capabilities = { idempotentPush: false, changeLog: false, deletions: true, tempNameResolution: false, batchPush: false, visibilityHints: false, realtime: false }
  readonly docs = new Map<string, Map<string, Doc>>()
  readonly deleted: { doctype: string; name: string; at: number }[] = []
  /** Every write through this class, in commit order. */
  readonly changes: MiniChange[] = []
  /** `doctype\0name` of documents the user may no longer read. */
  readonly hidden = new Set<string>()
  #clock = 0
  #counters = new Map<string, number>()

  constructor(private readonly options: MiniServerOptions) {}

  table(doctype: string): Map<string, Doc> {
    let t = this.docs.get(doctype)
    if (!t) this.docs.set(doctype, (t = new Map()))
    return t
  }

  /** Frappe names new child rows and points every row at its parent. */
  #stampRows(doc: Doc): Doc {
    for (const [field, value] of Object.entries(doc)) {
      if (!Array.isArray(value) || !value.every((r) => r && typeof r === 'object')) continue
      doc[field] = (value as Doc[]).map((row, i) => ({ ...row, name: row['name'] ?? `${String(doc['name'])}-${field}-${i + 1}`, parent: doc['name'], parentfield: field, idx: i + 1 }))
    }
    return doc
  }

  #log(doctype: string, name: string, op: MiniChange['op'], from?: string): void {
    this.changes.push({ seq: this.changes.length + 1, doctype, name, op, ...(from === undefined ? {} : { from }) })
  }

  visible(doctype: string, name: string): boolean {
    return !this.hidden.has(`${doctype}\u0000${name}`)
  }

  /** Take documents out of the user's view (or back in), as a removed User Permission does. */
  setVisible(doctype: string, names: readonly string[], visible: boolean): void {
    for (const n of names) this.hidden[visible ? 'delete' : 'add'](`${doctype}\u0000${n}`)
    this.#log(doctype, '', 'visibility')
  }

  /** Rename as Frappe's rename_doc does: the document and every value naming it. */
  serverRename(doctype: string, from: string, to: string): void {
    for (const table of this.docs.values()) {
      for (const [key, doc] of table) table.set(key, JSON.parse(JSON.stringify(doc).replaceAll(JSON.stringify(from), JSON.stringify(to))) as Doc)
    }
    const doc = this.table(doctype).get(from)
    if (!doc) return
    this.table(doctype).delete(from)
    this.table(doctype).set(to, doc)
    this.#log(doctype, to, 'rename', from)
  }

  serverDelete(doctype: string, name: string): void {
    this.table(doctype).delete(name)
    this.deleted.push({ doctype, name, at: ++this.#clock })
    this.#log(doctype, name, 'delete')
  }

  #stamp(): string {
    this.#clock++
    return `2026-01-01 00:00:00.${String(this.#clock).padStart(6, '0')}`
  }

  /** Write as another client would: a server-side change the replica has not seen. */
  serverWrite(doctype: string, name: string, patch: Doc): Doc {
    const doc = this.#stampRows({ ...this.table(doctype).get(name), ...patch, name, modified: this.#stamp() })
    this.table(doctype).set(name, doc)
    this.#log(doctype, name, 'write')
    return doc
  }

  async getDocTypes(doctype: string): Promise<RemoteResult<unknown[]>> {
    const docs = this.options.meta[doctype]
    return docs ? { kind: 'ok', value: [...docs] } : refuse('DoesNotExistError', 404, `DocType ${doctype} not found`)
  }

  #checkLinks(doctype: string, doc: Doc): string | undefined {
    for (const [field, target] of Object.entries(this.options.links?.[doctype] ?? {})) {
      const v = doc[field]
      if (typeof v === 'string' && v !== '' && !this.table(target).has(v)) return `Could not find ${field}: ${v}`
    }
    return undefined
  }

  #insert(m: OutgoingMutation): PushOutcome {
    const existing = [...this.table(m.doctype).values()].find((d) => d['outpost_id'] === m.outpostId)
    if (existing) return { kind: 'accepted', doc: existing }
    const doc: Doc = { ...m.doc }
    const prefix = this.options.series?.[m.doctype]
    if (prefix) {
      const n = (this.#counters.get(prefix) ?? 0) + 1
      this.#counters.set(prefix, n)
      doc['name'] = `${prefix}${String(n).padStart(5, '0')}`
    }
    if (isTempName(doc['name'])) doc['name'] = `${m.doctype}-${this.table(m.doctype).size + 1}`
    const problem = this.#checkLinks(m.doctype, doc) ?? this.options.validate?.(m.doctype, doc, this)
    if (problem) {
      if (prefix) this.#counters.set(prefix, (this.#counters.get(prefix) ?? 1) - 1)
      return refuse(problem.startsWith('Could not find') ? 'LinkValidationError' : 'ValidationError', 417, problem)
    }
    if (this.table(m.doctype).has(String(doc['name']))) return refuse('DuplicateEntryError', 409, `${m.doctype} ${String(doc['name'])} already exists`)
    doc['modified'] = this.#stamp()
    this.table(m.doctype).set(String(doc['name']), this.#stampRows(doc))
    this.#log(m.doctype, String(doc['name']), 'write')
    return { kind: 'accepted', doc }
  }

  #change(m: OutgoingMutation): PushOutcome {
    const current = this.table(m.doctype).get(m.name)
    // as Frappe: deleting what is not there is refused too
    if (!current) return refuse('DoesNotExistError', 404, `${m.doctype} ${m.name} not found`)
    if (m.kind === 'delete') {
      this.serverDelete(m.doctype, m.name)
      return { kind: 'accepted', doc: undefined }
    }
    // as the server: an update, submit or cancel made on a version since changed is a conflict
    if (m.baseModified !== undefined && m.baseModified !== current['modified']) {
      return { kind: 'conflict', serverDoc: current, error: { excType: 'TimestampMismatchError', httpStatus: 417, message: 'Document has been modified after you have opened it', messages: [] } }
    }
    // a submit or cancel may carry field changes too (a held one, retried after a conflict)
    const next: Doc = m.kind === 'update' ? { ...current, ...m.doc } : { ...current, ...m.doc, docstatus: m.kind === 'submit' ? 1 : 2 }
    const problem = m.kind === 'update' ? this.#checkLinks(m.doctype, next) ?? this.options.validate?.(m.doctype, next, this) : undefined
    if (problem) return refuse('ValidationError', 417, problem)
    return { kind: 'accepted', doc: this.serverWrite(m.doctype, m.name, next) }
  }

  async push(m: OutgoingMutation): Promise<PushOutcome> {
    return m.kind === 'insert' ? this.#insert(m) : this.#change(m)
  }

  async pull(request: { doctype: string; cursor: string | undefined; limit: number }): Promise<PullOutcome> {
    const after = request.cursor ?? ''
    const rows = [...this.table(request.doctype).values()]
      .filter((d) => String(d['modified']) > after && this.visible(request.doctype, String(d['name'])))
      .sort((a, b) => (String(a['modified']) < String(b['modified']) ? -1 : 1))
    const page = rows.slice(0, request.limit)
    const deleted = this.deleted.filter((d) => d.doctype === request.doctype).map((d) => d.name)
    return { kind: 'page', docs: page, deleted, cursor: String(page.at(-1)?.['modified'] ?? after) || undefined, hasMore: rows.length > page.length, total: rows.length }
  }

  async fetchDocs(doctype: string, names: readonly string[]): Promise<RemoteResult<Doc[]>> {
    return { kind: 'ok', value: names.filter((n) => this.visible(doctype, n)).map((n) => this.table(doctype).get(n)).filter((d): d is Doc => d !== undefined) }
  }

  async count(doctype: string): Promise<number> {
    return [...this.table(doctype).keys()].filter((n) => this.visible(doctype, n)).length
  }

  async listNames(doctype: string): Promise<RemoteResult<string[]>> {
    return { kind: 'ok', value: [...this.table(doctype).keys()].filter((n) => this.visible(doctype, n)) }
  }
}
