import { FrappeError, type Doc } from '@outpost/meta'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { Site } from '../context.ts'
import { deleteChildRow, saveChildRow } from '../documents/child-rows.ts'
import { deleteDocument } from '../documents/delete-doc.ts'
import { insertDocument } from '../documents/insert-doc.ts'
import { requireDoc } from '../documents/require-doc.ts'
import { cancelDocument, saveDocument, submitDocument } from '../documents/save-doc.ts'
import { checkPermission } from '../permissions/has-permission.ts'
import { getList } from '../query/list-query.ts'
import { requireDocType } from '../require-doctype.ts'
import { argsOf, callerOf } from './caller.ts'
import { execute } from './execute.ts'
import { docArg, type Args } from './request-args.ts'
import { withoutNulls } from './serialize.ts'

/** `*` is the document name: Frappe routes `<path:name>`, so names may hold slashes. */
type Params = { doctype: string; '*': string }

/** The body of a create or update: the JSON object, or form field `data` holding JSON. */
/**
 * The document of an insert or update, as Frappe's get_request_form_data finds it: `data` (JSON
 * text or an object), else the body read as JSON whatever its content type (a client that sends
 * JSON as text/plain, or with none), else the form fields.
 */
function bodyDoc(args: Args, raw: unknown): Doc {
  const data = args['data']
  const source = data === undefined
    ? typeof raw === 'string' ? docArg(raw, 'request body') : args
    : typeof data === 'string' ? docArg(data, 'data') : typeof data === 'object' && data !== null && !Array.isArray(data) ? (data as Args) : undefined
  if (!source) throw new FrappeError('ValidationError', 'The request body must be a JSON object')
  const doc: Doc = { ...source }
  delete doc['doctype']
  delete doc['flags']
  delete doc['sid']
  return doc
}

async function runDocMethod(site: Site, req: FastifyRequest, params: Params, method: unknown, args: Args): Promise<unknown> {
  const readOnly = req.method === 'GET'
  return execute(site, callerOf(req, args), readOnly, async (ctx) => {
    const doctype = requireDocType(site, params.doctype)
    const doc = await requireDoc(ctx, doctype, params['*'])
    checkPermission(site.schema, doctype, readOnly ? 'read' : 'write', ctx.user, doc)
    if (method === 'submit' && !readOnly) return withoutNulls(await submitDocument(ctx, doctype, String(doc['name'])))
    if (method === 'cancel' && !readOnly) return withoutNulls(await cancelDocument(ctx, doctype, String(doc['name'])))
    throw new FrappeError('PermissionError', `Method ${String(method)} is not whitelisted`)
  })
}

type DocRequest = FastifyRequest<{ Params: Params }>

async function listDocs(site: Site, req: FastifyRequest<{ Params: { doctype: string } }>): Promise<unknown> {
  const args = argsOf(req)
  return { data: await execute(site, callerOf(req, args), true, (ctx) => getList(ctx, requireDocType(site, req.params.doctype), args)) }
}

async function createDoc(site: Site, req: FastifyRequest<{ Params: { doctype: string } }>): Promise<unknown> {
  const args = argsOf(req)
  const data = await execute(site, callerOf(req, args), false, (ctx) => insertDocument(ctx, requireDocType(site, req.params.doctype), bodyDoc(args, req.body)))
  return { data: withoutNulls(data) }
}

async function readDoc(site: Site, req: DocRequest): Promise<unknown> {
  const args = argsOf(req)
  if (args['run_method'] !== undefined) return { data: await runDocMethod(site, req, req.params, args['run_method'], args) }
  const data = await execute(site, callerOf(req, args), true, async (ctx) => {
    const doctype = requireDocType(site, req.params.doctype)
    const doc = await requireDoc(ctx, doctype, req.params['*'])
    checkPermission(site.schema, doctype, 'read', ctx.user, doc)
    return doc
  })
  return { data: withoutNulls(data) }
}

async function updateDoc(site: Site, req: DocRequest): Promise<unknown> {
  const args = argsOf(req)
  const patch = bodyDoc(args, req.body)
  const expected = typeof patch['modified'] === 'string' ? patch['modified'] : undefined
  delete patch['modified']
  const data = await execute(site, callerOf(req, args), false, async (ctx) => {
    const doctype = requireDocType(site, req.params.doctype)
    if (doctype.istable) return (await saveChildRow(ctx, doctype, req.params['*'], patch, { expectedModified: expected })).row
    return saveDocument(ctx, doctype, req.params['*'], patch, { expectedModified: expected })
  })
  return { data: withoutNulls(data) }
}

async function removeDoc(site: Site, req: DocRequest, reply: FastifyReply): Promise<unknown> {
  const args = argsOf(req)
  await execute(site, callerOf(req, args), false, (ctx) => {
    const doctype = requireDocType(site, req.params.doctype)
    return doctype.istable ? deleteChildRow(ctx, doctype, req.params['*']) : deleteDocument(ctx, doctype, req.params['*'])
  })
  return reply.code(202).send({ data: 'ok' })
}

/** `/api/resource/...` as Frappe's v1 rules; a trailing slash names no document (strict_slashes=False). */
export function registerResourceRoutes(app: FastifyInstance, site: Site, prefix: string): void {
  app.get<{ Params: { doctype: string } }>(`${prefix}/resource/:doctype`, (req) => listDocs(site, req))
  app.post<{ Params: { doctype: string } }>(`${prefix}/resource/:doctype`, (req) => createDoc(site, req))
  app.get<{ Params: Params }>(`${prefix}/resource/:doctype/*`, (req) => (req.params['*'] === '' ? listDocs(site, req) : readDoc(site, req)))
  app.put<{ Params: Params }>(`${prefix}/resource/:doctype/*`, (req) => updateDoc(site, req))
  app.delete<{ Params: Params }>(`${prefix}/resource/:doctype/*`, (req, reply) => removeDoc(site, req, reply))
  app.post<{ Params: Params }>(`${prefix}/resource/:doctype/*`, (req) => {
    if (req.params['*'] === '') return createDoc(site, req)
    const args = argsOf(req)
    if (args['run_method'] === undefined) throw new FrappeError('ValidationError', 'run_method is required')
    return runDocMethod(site, req, req.params, args['run_method'], args).then((data) => ({ data }))
  })
}
