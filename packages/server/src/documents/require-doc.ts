import { FrappeError, type Doc, type DocType } from '@outpost/meta'
import type { RequestContext } from '../context.ts'
import { loadDoc } from './doc-repo.ts'

export function notFound(doctype: string, name: string): FrappeError {
  return new FrappeError('DoesNotExistError', `${doctype} ${name} not found`)
}

/** The whole stored document (see loadDoc); DoesNotExistError when there is none. No permission check. */
export async function requireDoc(ctx: RequestContext, doctype: DocType, name: string): Promise<Doc> {
  const doc = await loadDoc(ctx.tx, ctx.site.schema, doctype, name)
  if (!doc) throw notFound(doctype.name, name)
  return doc
}
