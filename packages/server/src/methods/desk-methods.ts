import { FrappeError } from '@outpost/meta'
import type { RequestContext } from '../context.ts'
import { countArg, jsonArg, stringArg, type Args } from '../http/request-args.ts'
import { requireDocType } from '../require-doctype.ts'
import type { MethodSpec } from './method-spec.ts'
import { searchLink } from './search-link.ts'

async function search(ctx: RequestContext, args: Args): Promise<unknown> {
  const doctype = requireDocType(ctx.site, args['doctype'])
  const txt = args['txt'] === undefined || args['txt'] === null ? '' : String(args['txt'])
  if (txt.length > 1000) throw new FrappeError('ValidationError', 'Search text is too long')
  const searchfield = typeof args['searchfield'] === 'string' && args['searchfield'] !== '' ? args['searchfield'] : undefined
  return searchLink(ctx, doctype, {
    txt,
    filters: jsonArg(args['filters'], 'filters'),
    pageLength: Math.min(countArg(args['page_length'] ?? args['page_len'], 'page_length', 10), 500),
    start: countArg(args['start'], 'start', 0),
    searchfield,
  })
}

/** `getdoctype`: the DocType JSON and its child DocTypes, so a client can build its schema. */
async function getDocType(ctx: RequestContext, args: Args): Promise<unknown> {
  // Like Frappe v15, any logged-in user may read meta: it describes data, it holds none.
  const doctype = requireDocType(ctx.site, stringArg(args['doctype'], 'doctype'))
  const docs = [doctype, ...ctx.site.schema.childDocTypes(doctype)].map((d) => ({ ...d.raw, doctype: 'DocType' }))
  return { __docs: docs }
}

export const deskMethods: Record<string, MethodSpec> = {
  'frappe.desk.search.search_link': { run: search },
  'frappe.desk.form.load.getdoctype': { run: getDocType },
  'frappe.auth.get_logged_user': { run: async (ctx) => ctx.user.name },
  'frappe.realtime.get_user_info': { run: async (ctx) => ({ user: ctx.user.name, user_type: 'System User' }) },
  ping: { allowGuest: true, run: async () => 'pong' },
}
