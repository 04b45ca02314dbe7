import { FrappeError, type DocType } from '@outpost/meta'
import type { Site } from './context.ts'

/**
 * The loaded DocType named `name` (exact spelling); DoesNotExistError for any other name, and a
 * ValidationError when no name was given or it is not text.
 */
export function requireDocType(site: Site, name: unknown): DocType {
  if (name === undefined || name === null || name === '') throw new FrappeError('ValidationError', 'doctype is required')
  if (typeof name !== 'string') throw new FrappeError('ValidationError', 'doctype must be the name of a DocType')
  const doctype = site.schema.get(name)
  if (!doctype) throw new FrappeError('DoesNotExistError', `DocType ${name} not found`)
  return doctype
}
