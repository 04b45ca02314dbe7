/**
 * Test double for the demo controllers: an in-memory ControllerDb and a miniature Frappe
 * save pipeline (naming, hooks in Frappe's order, submit, cancel). Used by the demo tests
 * only; the real pipeline lives in the server core.
 */
import { Schema, type Doc } from '@outpost/meta'
import type { ControllerContext, ControllerDb, ControllerMap, HookName } from '../../controllers/controller.ts'

const clone = <T>(value: T): T => structuredClone(value)

function matches(row: Doc, filters: Record<string, unknown>): boolean {
  return Object.entries(filters).every(([key, want]) => {
    const have = row[key] ?? (typeof want === 'number' ? 0 : '')
    return String(have) === String(want ?? '')
  })
}

export class FakeControllerDb implements ControllerDb {
  readonly tables = new Map<string, Map<string, Doc>>()
  readonly setValueCalls: { doctype: string; name: string; values: Doc }[] = []
  #tick = 0

  stamp(): string {
    this.#tick++
    return `2026-11-01 00:00:00.${String(this.#tick).padStart(6, '0')}`
  }

  put(doctype: string, doc: Doc): void {
    let table = this.tables.get(doctype)
    if (!table) this.tables.set(doctype, (table = new Map()))
    table.set(String(doc['name']), clone(doc))
  }

  all(doctype: string): Doc[] {
    return [...(this.tables.get(doctype)?.values() ?? [])].map(clone)
  }

  getDoc(doctype: string, name: string): Promise<Doc | undefined> {
    const doc = this.tables.get(doctype)?.get(name)
    return Promise.resolve(doc === undefined ? undefined : clone(doc))
  }

  getValue(doctype: string, name: string, fieldname: string): Promise<unknown> {
    return Promise.resolve(this.tables.get(doctype)?.get(name)?.[fieldname])
  }

  exists(doctype: string, name: string): Promise<boolean> {
    return Promise.resolve(this.tables.get(doctype)?.has(name) ?? false)
  }

  setValue(doctype: string, name: string, values: Doc, options: { updateModified?: boolean } = {}): Promise<void> {
    const doc = this.tables.get(doctype)?.get(name)
    if (doc === undefined) return Promise.reject(new Error(`${doctype} ${name} not found`))
    Object.assign(doc, clone(values))
    if (options.updateModified !== false) doc['modified'] = this.stamp()
    this.setValueCalls.push({ doctype, name, values: clone(values) })
    return Promise.resolve()
  }

  getAll(doctype: string, options: { filters?: Record<string, unknown>; fields?: string[]; limit?: number }): Promise<Doc[]> {
    let rows = this.all(doctype).filter((row) => matches(row, options.filters ?? {}))
    if (options.limit !== undefined) rows = rows.slice(0, options.limit)
    const fields = options.fields
    if (fields !== undefined) rows = rows.map((row) => Object.fromEntries(fields.map((f) => [f, row[f]])))
    return Promise.resolve(rows)
  }
}

export class FakeSite {
  readonly db = new FakeControllerDb()
  readonly #series = new Map<string, number>()
  #hash = 0

  constructor(readonly schema: Schema, readonly controllers: ControllerMap, readonly now = '2026-03-15 10:20:30.123456') {}

  context(doctype: string, previous: Doc | undefined): ControllerContext {
    return { doctype: this.schema.require(doctype), schema: this.schema, user: 'Administrator', now: this.now, previous, db: this.db }
  }

  async #hook(doctype: string, hook: HookName, doc: Doc, ctx: ControllerContext): Promise<void> {
    await this.controllers[doctype]?.[hook]?.(doc, ctx)
  }

  #metaName(doctype: string, doc: Doc): string {
    const autoname = this.schema.require(doctype).autoname ?? ''
    if (autoname.startsWith('field:')) return String(doc[autoname.slice('field:'.length)])
    if (autoname === 'naming_series:') {
      const options = this.schema.require(doctype).field('naming_series')?.options.split('\n') ?? []
      const series = String(doc['naming_series'] ?? options[0] ?? '')
      const prefix = series.split('.').map((part) => (part === 'YYYY' ? this.now.slice(0, 4) : part)).join('')
      const next = (this.#series.get(prefix) ?? 0) + 1
      this.#series.set(prefix, next)
      return `${prefix}${String(next).padStart(5, '0')}`
    }
    this.#hash++
    return `hash${String(this.#hash).padStart(6, '0')}`
  }

  #stampChildren(doctype: string, doc: Doc): void {
    for (const f of this.schema.require(doctype).tableFields) {
      const rows = Array.isArray(doc[f.fieldname]) ? (doc[f.fieldname] as Doc[]) : []
      rows.forEach((row, i) => {
        row['idx'] = i + 1
        row['parentfield'] = f.fieldname
        row['parenttype'] = doctype
        row['parent'] = doc['name']
        row['docstatus'] = doc['docstatus']
        if (row['name'] === undefined) row['name'] = `row${String(++this.#hash)}`
      })
    }
  }

  async insert(doctype: string, input: Doc, options: { submit?: boolean } = {}): Promise<Doc> {
    const doc = clone(input)
    doc['docstatus'] = 0
    const ctx = this.context(doctype, undefined)
    await this.#hook(doctype, 'beforeInsert', doc, ctx)
    const name = (await this.controllers[doctype]?.autoname?.(doc, ctx)) ?? this.#metaName(doctype, doc)
    if (await this.db.exists(doctype, name)) throw new Error(`DuplicateEntryError: ${doctype} ${name} already exists`)
    doc['name'] = name
    this.#stampChildren(doctype, doc)
    for (const hook of ['beforeValidate', 'validate', 'beforeSave'] as const) await this.#hook(doctype, hook, doc, ctx)
    doc['modified'] = this.db.stamp()
    this.db.put(doctype, doc)
    for (const hook of ['afterInsert', 'onUpdate'] as const) await this.#hook(doctype, hook, doc, ctx)
    return options.submit === true ? this.submit(doctype, name) : clone(doc)
  }

  async submit(doctype: string, name: string): Promise<Doc> {
    return this.#transition(doctype, name, 1, ['beforeValidate', 'validate', 'beforeSubmit'], ['onUpdate', 'onSubmit'])
  }

  async cancel(doctype: string, name: string): Promise<Doc> {
    return this.#transition(doctype, name, 2, ['beforeCancel'], ['onCancel'])
  }

  async #transition(doctype: string, name: string, docstatus: 1 | 2, before: HookName[], after: HookName[]): Promise<Doc> {
    const previous = await this.db.getDoc(doctype, name)
    if (previous === undefined) throw new Error(`${doctype} ${name} not found`)
    const doc = clone(previous)
    doc['docstatus'] = docstatus
    const ctx = this.context(doctype, previous)
    for (const hook of before) await this.#hook(doctype, hook, doc, ctx)
    this.#stampChildren(doctype, doc)
    doc['modified'] = this.db.stamp()
    this.db.put(doctype, doc)
    for (const hook of after) await this.#hook(doctype, hook, doc, ctx)
    return (await this.db.getDoc(doctype, name)) ?? doc
  }
}
