import type { Doc } from '../document.ts'
import type { ValidationResolvers } from '../validate-resolvers.ts'

export interface MemoryResolvers extends ValidationResolvers {
  /** Every resolveLink call, as `doctype/name`. */
  readonly linkCalls: string[]
}

/**
 * ValidationResolvers over in-memory documents, keyed by doctype: names match
 * case-insensitively (like MariaDB) and answer with the stored spelling.
 */
export function memoryResolvers(store: Readonly<Record<string, readonly Doc[]>>): MemoryResolvers {
  const linkCalls: string[] = []
  return {
    linkCalls,
    resolveLink(doctype, name) {
      linkCalls.push(`${doctype}/${name}`)
      const hit = (store[doctype] ?? []).find((d) => String(d['name']).toLowerCase() === name.toLowerCase())
      return Promise.resolve(hit ? { name: String(hit['name']), docstatus: Number(hit['docstatus'] ?? 0) } : undefined)
    },
    isDuplicate(doctype, fieldname, value, exceptName) {
      const key = (v: unknown): string => String(v).toLowerCase()
      const docs = store[doctype] ?? []
      return Promise.resolve(docs.some((d) => d['name'] !== exceptName && d[fieldname] !== undefined && key(d[fieldname]) === key(value)))
    },
  }
}
