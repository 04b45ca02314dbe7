import { FrappeError, type DocType } from '@outpost/meta'
import type { Site } from './context.ts'

/** The loaded DocType named `name` (exact spelling); DoesNotExistError for anything else. */
export function requireDocType(site: Site, name: unknown): DocType {
  const doctype = typeof name === 'string' ? site.schema.get(name) : undefined
  if (!doctype) throw new FrappeError('DoesNotExistError', `DocType ${String(name)} not found`)
  return doctype
}
