import { randomUUID } from 'node:crypto'
import type { MutationKind, OutgoingMutation } from '@outpost/core'
import { slugName, type Doc } from '@outpost/meta'

/** An outgoing mutation as the engine builds it; inserts get a temp name and a fresh client id. */
export function mutation(kind: MutationKind, doctype: string, fields: Partial<OutgoingMutation> & { doc?: Doc | undefined } = {}): OutgoingMutation {
  const uuid = randomUUID()
  return {
    id: randomUUID(), kind, doctype, name: `new-${slugName(doctype)}-${uuid}`, outpostId: uuid,
    baseModified: undefined, doc: undefined, maybeApplied: false, ...fields,
  }
}
