import type { Schema } from '@outpost/meta'
import type { Row, RowValues, SqlTx, SqlValue } from '../db/sql-db.ts'
import { foldNocase } from '../storage/identifiers.ts'

/** What a Link check needs of its target: the stored spelling and the docstatus. */
export interface LinkTarget {
  readonly name: string
  readonly docstatus: number
}

/** A deep copy of plain data (documents as rows decode: objects, arrays, scalars). */
function copyPlain<T>(value: T): T {
  if (typeof value !== 'object' || value === null) return value
  if (Array.isArray(value)) return value.map(copyPlain) as T
  // Spread defines every key (`__proto__` too) and copies a flat row fast; nested values follow.
  const out: Record<string, unknown> = { ...(value as Record<string, unknown>) }
  for (const k in out) {
    const v = out[k]
    if (typeof v !== 'object' || v === null) continue
    if (k === '__proto__') Object.defineProperty(out, k, { value: copyPlain(v), enumerable: true, writable: true, configurable: true })
    else out[k] = copyPlain(v)
  }
  return out as T
}

const linkKey = (name: string): string => `link\u0000${foldNocase(name)}`

/** Tables a statement names: every `"tabX"` identifier in it. */
const TABLE = /"tab([^"]*)"/g
/** A statement that writes and returns rows (`INSERT … RETURNING`) comes through `get` or `all`. */
const WRITES = /^\s*(INSERT|UPDATE|DELETE|REPLACE)\b/i

interface StatementFacts {
  /** It writes (only statements run through `get` or `all` are asked). */
  readonly writes: boolean
  /** The DocTypes whose tables it names. */
  readonly doctypes: readonly string[]
}

/** Per SQL text (statements repeat: one shape per query), so the patterns run once per shape. */
const facts = new Map<string, StatementFacts>()
const FACTS_LIMIT = 5000

function statementFacts(sql: string): StatementFacts {
  let f = facts.get(sql)
  if (!f) {
    f = { writes: WRITES.test(sql), doctypes: [...new Set([...sql.matchAll(TABLE)].map((m) => m[1]!))] }
    // Filters make many shapes of SELECT: forget the oldest rather than grow without bound.
    if (facts.size >= FACTS_LIMIT) facts.delete(facts.keys().next().value!)
    facts.set(sql, f)
  }
  return f
}

/**
 * Reads repeated within one transaction (a request, or a push group): Link targets checked
 * twice per save, and the masters controllers read for every document (the same customer,
 * company, items, accounts).
 *
 * An entry belongs to a DocType and is dropped as soon as a statement naming that DocType's
 * table, or one of its child tables, runs (an insert can make a missing target exist, an
 * update change or cancel one, a delete or rename remove it); everything is dropped when a
 * savepoint rolls back (its writes, which lookups may have seen, are gone). Every write of
 * the server names its table in a statement run on the transaction (through `run`, or `get`
 * for `INSERT … RETURNING`), so a cached answer is the one the database would give. Cached values are copied out, so a caller may change its copy.
 */
export class ReadCache {
  readonly #byDoctype = new Map<string, Map<string, unknown>>()
  readonly #parents = new Map<string, readonly string[]>()

  constructor(private readonly schema: Schema) {}

  /** A Link target (or its absence), matched as SQLite's NOCASE matches names; shared frozen. */
  async link(doctype: string, name: string, load: () => Promise<LinkTarget | undefined>): Promise<LinkTarget | undefined> {
    const found = await this.#read(doctype, linkKey(name), async () => {
      const target = await load()
      return target ? Object.freeze({ name: target.name, docstatus: target.docstatus }) : null
    }, (v) => v)
    return found ?? undefined
  }

  /** What `link` would answer from the cache alone: the target, null when it does not exist, undefined when not cached. */
  knownLink(doctype: string, name: string): LinkTarget | null | undefined {
    return this.#byDoctype.get(doctype)?.get(linkKey(name)) as LinkTarget | null | undefined
  }

  /** `load()`'s answer for `key` of `doctype`, from the cache while nothing wrote to its tables; each caller gets its own copy. */
  read<T>(doctype: string, key: string, load: () => Promise<T>): Promise<T> {
    return this.#read(doctype, key, load, copyPlain)
  }

  async #read<T>(doctype: string, key: string, load: () => Promise<T>, copy: (value: T) => T): Promise<T> {
    let entries = this.#byDoctype.get(doctype)
    if (entries?.has(key)) return copy(entries.get(key) as T)
    const value = await load()
    if (!entries) this.#byDoctype.set(doctype, (entries = new Map()))
    entries.set(key, copy(value))
    return value
  }

  /** Forget what depends on a table `sql` names: its DocType, and the parents of a child table. */
  written(sql: string): void {
    if (this.#byDoctype.size === 0) return
    for (const doctype of statementFacts(sql).doctypes) {
      this.#byDoctype.delete(doctype)
      for (const parent of this.#parentsOf(doctype)) this.#byDoctype.delete(parent)
    }
  }

  clear(): void {
    this.#byDoctype.clear()
  }

  #parentsOf(doctype: string): readonly string[] {
    let parents = this.#parents.get(doctype)
    if (!parents) {
      parents = this.schema.get(doctype)?.istable ? this.schema.all().filter((d) => d.tableFields.some((f) => f.options === doctype)).map((d) => d.name) : []
      this.#parents.set(doctype, parents)
    }
    return parents
  }
}

/** A transaction whose writes and rolled-back savepoints keep `cache` true to the database. */
export function cachingTx(tx: SqlTx, cache: ReadCache): SqlTx {
  return {
    all<T extends Row = Row>(sql: string, params?: readonly SqlValue[]): Promise<T[]> {
      if (statementFacts(sql).writes) cache.written(sql)
      return tx.all<T>(sql, params)
    },
    get<T extends Row = Row>(sql: string, params?: readonly SqlValue[]): Promise<T | undefined> {
      if (statementFacts(sql).writes) cache.written(sql)
      return tx.get<T>(sql, params)
    },
    values(sql: string, params?: readonly SqlValue[]): Promise<RowValues> {
      if (statementFacts(sql).writes) cache.written(sql)
      return tx.values(sql, params)
    },
    run(sql: string, params?: readonly SqlValue[]): Promise<{ changes: number }> {
      cache.written(sql)
      return tx.run(sql, params)
    },
    afterCommit: (fn) => tx.afterCommit(fn),
    async savepoint<T>(fn: () => Promise<T>): Promise<T> {
      try {
        return await tx.savepoint(fn)
      } catch (e) {
        cache.clear()
        throw e
      }
    },
  }
}
