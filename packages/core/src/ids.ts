import { slugName, type Brand } from '@outpost/meta'

/** A name given offline, replaced by the server's: `new-<doctype-slug>-<uuid>`. */
export type TempName = Brand<string, 'TempName'>
/** One queued change; retries carry the same id so a server can answer idempotently. */
export type MutationId = Brand<string, 'MutationId'>
/** The permanent client id of a document (`outpost_id` on the server). */
export type OutpostId = Brand<string, 'OutpostId'>

const TEMP = /^new-[a-z0-9-]+-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/

export function tempName(doctype: string, uuid: string): TempName {
  return `new-${slugName(doctype)}-${uuid}` as TempName
}

export function isTempName(name: unknown): name is TempName {
  return typeof name === 'string' && TEMP.test(name)
}

export function mutationId(uuid: string): MutationId {
  return uuid as MutationId
}

export function outpostId(uuid: string): OutpostId {
  return uuid as OutpostId
}
