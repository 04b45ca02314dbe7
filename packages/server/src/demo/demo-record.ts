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
