import { FrappeError, type Doc } from '@outpost/meta'
import { jsonArg, type Args } from '../http/request-args.ts'

export const MAX_PUSH_MUTATIONS = 1000

export const MUTATION_KINDS = ['insert', 'update', 'delete', 'submit', 'cancel'] as const
export type MutationKind = typeof MUTATION_KINDS[number]

/** One mutation of an `outpost.sync.push` batch, checked for shape (not yet for meaning). */
export interface PushMutation {
  readonly mutationId: string
  readonly kind: MutationKind
  readonly doctype: string
  /** The document's name: a temp name for an insert named by the server. */
  readonly name: string | undefined
  readonly outpostId: string | undefined
  /** The server `modified` the change was made on; undefined: last write wins. */
  readonly baseModified: string | undefined
  readonly doc: Doc | undefined
}

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)

function wrongType(where: string, what: string, value: unknown): FrappeError {
  const shown = JSON.stringify(value)
  return new FrappeError('ValidationError', `${where} must be ${what}, not ${shown === undefined ? 'missing' : shown.slice(0, 100)}`)
}

function requiredString(m: Record<string, unknown>, key: string, where: string, max: number): string {
  const v = m[key]
  if (typeof v !== 'string' || v === '' || v.length > max) throw wrongType(`${where}.${key}`, `a non-empty text of at most ${max} characters`, v)
  return v
}

function optionalString(m: Record<string, unknown>, key: string, where: string): string | undefined {
  const v = m[key]
  if (v === undefined || v === null) return undefined
  if (typeof v !== 'string') throw wrongType(`${where}.${key}`, 'a text or null', v)
  return v
}

function kindOf(m: Record<string, unknown>, where: string): MutationKind {
  const kind = m['kind']
  if (typeof kind !== 'string' || !(MUTATION_KINDS as readonly string[]).includes(kind)) {
    throw new FrappeError('ValidationError', `${where}.kind must be one of ${MUTATION_KINDS.join(', ')}, not ${JSON.stringify(kind) ?? 'missing'}`)
  }
  return kind as MutationKind
}

function docOf(m: Record<string, unknown>, kind: MutationKind, where: string): Doc | undefined {
  const doc = m['doc']
  if ((doc === undefined || doc === null) && kind !== 'insert' && kind !== 'update') return undefined
  if (!isPlainObject(doc)) throw wrongType(`${where}.doc`, 'a JSON object', doc)
  return doc
}

function parseMutation(raw: unknown, i: number): PushMutation {
  const where = `mutations[${i}]`
  if (!isPlainObject(raw)) throw wrongType(where, 'a JSON object', raw)
  const kind = kindOf(raw, where)
  const name = optionalString(raw, 'name', where)
  if (kind !== 'insert' && (name === undefined || name === '')) throw wrongType(`${where}.name`, `the document's name for ${kind}`, raw['name'])
  return {
    mutationId: requiredString(raw, 'mutation_id', where, 200),
    kind,
    doctype: requiredString(raw, 'doctype', where, 200),
    name: name === '' ? undefined : name,
    outpostId: optionalString(raw, 'outpost_id', where),
    baseModified: optionalString(raw, 'base_modified', where),
    doc: docOf(raw, kind, where),
  }
}

/** The batch of an `outpost.sync.push`: a list of at most 1000 well-formed mutations, or a ValidationError for the whole request. */
export function parsePushArgs(args: Args): PushMutation[] {
  const raw = jsonArg(args['mutations'], 'mutations')
  if (raw === undefined || raw === null) throw new FrappeError('ValidationError', 'mutations is required: {"mutations": [...]}')
  if (!Array.isArray(raw)) throw wrongType('mutations', 'a list', raw)
  if (raw.length > MAX_PUSH_MUTATIONS) throw new FrappeError('ValidationError', `Too many mutations: at most ${MAX_PUSH_MUTATIONS} in one push, not ${raw.length}`)
  return raw.map(parseMutation)
}
