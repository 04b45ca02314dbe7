import type { Doc } from '@outpost/meta'

/** One document for the server to insert (and submit when `submit`), in insertion order. */
export interface DemoRecord {
  readonly doctype: string
  readonly doc: Doc
  readonly submit: boolean
}

/**
 * The demo generators yield records and receive each inserted document's final name back
 * through `next(name)`: names from naming series and controllers are the server's to give.
 */
export type DemoStep<T> = Generator<DemoRecord, T, string>

/** Yield one record and return the name the consumer gave it. */
export function* insertOne(doctype: string, doc: Doc, submit = false): DemoStep<string> {
  const name: unknown = yield { doctype, doc, submit }
  if (typeof name !== 'string' || name === '') {
    throw new TypeError(`The demo generator needs the name of each inserted document (got ${String(name)} for ${doctype})`)
  }
  return name
}

/** `2026-01-01` plus `days`, as `YYYY-MM-DD`. */
export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number)
  return new Date(Date.UTC(y ?? 1970, (m ?? 1) - 1, (d ?? 1) + days)).toISOString().slice(0, 10)
}

/** ASCII lowercase slug: "Müller & Sons" → "muller-sons". */
export function slug(text: string): string {
  return text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '')
}
