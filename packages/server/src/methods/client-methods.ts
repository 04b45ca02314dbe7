import { parseFilters } from '@outpost/meta'
import { CHILD_FIELDS, FrappeError, STANDARD_FIELDS, type Doc, type PermType } from '@outpost/meta'
import type { RequestContext } from '../context.ts'
import { loadDoc } from '../documents/doc-repo.ts'
import { deleteChildRow, insertChildRow, saveChildRow } from '../documents/child-rows.ts'
import { deleteDocument } from '../documents/delete-doc.ts'
import { renameDocument } from '../documents/rename-doc.ts'
import { insertDocument } from '../documents/insert-doc.ts'
import { requireDoc } from '../documents/require-doc.ts'
import { cancelDocument, saveDocument } from '../documents/save-doc.ts'
import { docArg, jsonArg, stringArg, type Args } from '../http/request-args.ts'
import { checkPermission, hasPermission } from '../permissions/has-permission.ts'
import { PERM_TYPES, rolePermissions } from '../permissions/role-permissions.ts'
import { getCount, getList } from '../query/list-query.ts'
import { requireDocType } from '../require-doctype.ts'
import { columnNames } from '../storage/columns.ts'
import type { MethodSpec } from './method-spec.ts'

const WRITE = ['POST', 'PUT'] as const
const INSERT_MANY_LIMIT = 200

async function readableDoc(ctx: RequestContext, doctypeName: unknown, name: unknown, filters?: unknown): Promise<Doc> {
  const doctype = requireDocType(ctx.site, doctypeName)
  let docName = name
  if ((docName === undefined || docName === null || docName === '') && filters !== undefined) {
    const rows = await getList(ctx, doctype, { filters, fields: ['name'], limit_page_length: 1 })
    docName = (rows[0] as Doc | undefined)?.['name']
    if (docName === undefined) throw new FrappeError('DoesNotExistError', `${doctype.name} not found`)
  }
  const doc = await requireDoc(ctx, doctype, stringArg(docName, 'name'))
  checkPermission(ctx.site.schema, doctype, 'read', ctx.user, doc)
  return doc
}

function fieldList(raw: unknown): string[] {
  const parsed = jsonArg(raw, 'fieldname')
  if (Array.isArray(parsed)) return parsed.map((f) => stringArg(f, 'fieldname'))
  return [stringArg(parsed, 'fieldname')]
}

async function getValue(ctx: RequestContext, args: Args): Promise<unknown> {
  const doctype = requireDocType(ctx.site, args['doctype'])
  const fields = fieldList(args['fieldname'])
  const cols = columnNames(doctype)
  for (const f of fields) if (!cols.has(f)) throw new FrappeError('DataError', `Field not permitted in query: ${f}`)
  const rawFilters = jsonArg(args['filters'], 'filters')
  const filters = typeof rawFilters === 'string' ? { name: rawFilters } : rawFilters
  parseFilters(filters)
  const rows = (await getList(ctx, doctype, { filters, fields, limit_page_length: 1 })) as Doc[]
  const row = rows[0]
  const asDict = ![0, '0', false, 'false'].includes(args['as_dict'] as never)
  if (!row) return asDict ? {} : null
  if (asDict) return row
  return fields.length === 1 ? row[fields[0]!] : fields.map((f) => row[f])
}

async function insertOne(ctx: RequestContext, raw: unknown): Promise<Doc> {
  const doc = docArg(raw)
  const doctype = requireDocType(ctx.site, doc['doctype'])
  return doctype.istable ? insertChildRow(ctx, doctype, doc) : insertDocument(ctx, doctype, doc)
}

/**
 * frappe.client.save / submit post the whole document: it replaces the stored one, and
 * `modified` is always checked (a document sent without it never matches).
 */
async function replaceWhole(ctx: RequestContext, doc: Doc): Promise<Doc> {
  const doctype = requireDocType(ctx.site, doc['doctype'])
  const expected = typeof doc['modified'] === 'string' ? doc['modified'] : ''
  return saveDocument(ctx, doctype, stringArg(doc['name'], 'name'), doc, { expectedModified: expected, replace: true })
}

async function setValue(ctx: RequestContext, args: Args): Promise<Doc> {
  const doctype = requireDocType(ctx.site, args['doctype'])
  const name = stringArg(args['name'], 'name')
  const fieldname = jsonArg(args['fieldname'], 'fieldname')
  const values: Doc = typeof fieldname === 'object' && fieldname !== null ? { ...(fieldname as Doc) } : { [stringArg(fieldname, 'fieldname')]: args['value'] }
  for (const k of ['doctype', ...STANDARD_FIELDS, ...CHILD_FIELDS]) {
    if (k in values) throw new FrappeError('ValidationError', `Cannot edit standard fields`)
  }
  // A child row is saved through its parent, and the parent is returned, as Frappe does.
  if (doctype.istable) return (await saveChildRow(ctx, doctype, name, values)).parent
  return saveDocument(ctx, doctype, name, values)
}

async function docPermissions(ctx: RequestContext, args: Args): Promise<unknown> {
  const doctype = requireDocType(ctx.site, args['doctype'])
  const doc = await requireDoc(ctx, doctype, stringArg(args['docname'], 'docname'))
  checkPermission(ctx.site.schema, doctype, 'read', ctx.user, doc)
  const granted = rolePermissions(doctype, ctx.user).granted
  const permissions = Object.fromEntries(PERM_TYPES.map((p) => [p, granted.has(p) && hasPermission(ctx.site.schema, doctype, p, ctx.user, doc) ? 1 : 0]))
  return { permissions }
}

async function hasDocPermission(ctx: RequestContext, args: Args): Promise<unknown> {
  const doctype = requireDocType(ctx.site, args['doctype'])
  const ptype = String(args['perm_type'] ?? 'read')
  if (!(PERM_TYPES as readonly string[]).includes(ptype)) throw new FrappeError('ValidationError', `Unknown permission type ${ptype}`)
  const doc = await requireDoc(ctx, doctype, stringArg(args['docname'], 'docname'))
  return { has_permission: hasPermission(ctx.site.schema, doctype, ptype as PermType, ctx.user, doc) }
}

export const clientMethods: Record<string, MethodSpec> = {
  'frappe.client.rename_doc': {
    methods: WRITE,
    run: (ctx, args) => renameDocument(ctx, requireDocType(ctx.site, args['doctype']), stringArg(args['old_name'], 'old_name'), stringArg(args['new_name'], 'new_name')),
  },
  'frappe.client.has_permission': { run: hasDocPermission },
  'frappe.client.get_doc_permissions': { run: docPermissions },
  'frappe.client.is_document_amended': {
    async run(ctx, args) {
      const doctype = requireDocType(ctx.site, args['doctype'])
      // frappe.db.exists: the amending document's name, or nothing.
      if (!doctype.field('amended_from') || !hasPermission(ctx.site.schema, doctype, 'read', ctx.user)) return null
      const rows = (await getList(ctx, doctype, { filters: { amended_from: stringArg(args['docname'], 'docname') }, limit_page_length: 1 })) as Doc[]
      return rows[0]?.['name'] ?? null
    },
  },
  'frappe.client.get_list': { run: (ctx, args) => getList(ctx, requireDocType(ctx.site, args['doctype']), args) },
  'frappe.client.get_count': { run: (ctx, args) => getCount(ctx, requireDocType(ctx.site, args['doctype']), args) },
  'frappe.desk.reportview.get_count': { run: (ctx, args) => getCount(ctx, requireDocType(ctx.site, args['doctype']), args) },
  'frappe.client.get': { run: (ctx, args) => readableDoc(ctx, args['doctype'], args['name'], jsonArg(args['filters'], 'filters')) },
  'frappe.client.get_value': { run: getValue },
  'frappe.client.insert': { methods: WRITE, run: (ctx, args) => insertOne(ctx, args['doc']) },
  'frappe.client.insert_many': {
    methods: WRITE,
    async run(ctx, args) {
      const docs = jsonArg(args['docs'], 'docs')
      if (!Array.isArray(docs)) throw new FrappeError('ValidationError', 'docs must be a list')
      if (docs.length > INSERT_MANY_LIMIT) throw new FrappeError('ValidationError', `Only ${INSERT_MANY_LIMIT} inserts allowed in one request`)
      const names: string[] = []
      for (const d of docs) names.push(String((await insertOne(ctx, d))['name']))
      return names
    },
  },
  'frappe.client.save': { methods: WRITE, run: (ctx, args) => replaceWhole(ctx, docArg(args['doc'])) },
  'frappe.client.set_value': { methods: WRITE, run: setValue },
  'frappe.client.submit': {
    methods: WRITE,
    run: (ctx, args) => replaceWhole(ctx, { ...docArg(args['doc']), docstatus: 1 }),
  },
  'frappe.client.cancel': { methods: WRITE, run: (ctx, args) => cancelDocument(ctx, requireDocType(ctx.site, args['doctype']), stringArg(args['name'], 'name')) },
  'frappe.client.delete': {
    methods: ['POST', 'DELETE'],
    async run(ctx, args) {
      const doctype = requireDocType(ctx.site, args['doctype'])
      const name = stringArg(args['name'], 'name')
      await (doctype.istable ? deleteChildRow(ctx, doctype, name) : deleteDocument(ctx, doctype, name))
      return null
    },
  },
  'frappe.client.validate_link': {
    async run(ctx, args) {
      const doctype = requireDocType(ctx.site, args['doctype'])
      const docname = args['docname']
      if (typeof docname !== 'string' || docname === '') return { name: null }
      if (!hasPermission(ctx.site.schema, doctype, 'select', ctx.user)) throw new FrappeError('PermissionError', `You do not have Read or Select Permissions for ${doctype.name}`)
      const doc = await loadDoc(ctx.tx, ctx.site.schema, doctype, docname)
      if (!doc) return { name: null }
      const out: Doc = { name: doc['name'] }
      const fields = jsonArg(args['fields'], 'fields')
      if (Array.isArray(fields)) for (const f of fields) if (typeof f === 'string' && columnNames(doctype).has(f)) out[f] = doc[f]
      return out
    },
  },
}
