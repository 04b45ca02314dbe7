import type { Doc } from '@outpost/meta'
import type { ReplicaContext } from '../context.ts'
import { resolveConflict } from '../conflicts/policy.ts'
import { getBase, putBase } from '../local/base.ts'
import { putConflict } from '../logs/conflict-log.ts'
import { errorEntry, putError } from '../logs/error-log.ts'
import type { Mutation } from '../outbox/mutation.ts'
import { putMutation, removeMutation } from '../outbox/outbox-store.ts'

const SKIP = new Set(['modified', 'modified_by', 'creation', 'owner', 'idx', 'doctype', 'name'])

function diff(server: Doc, doc: Doc): Doc {
  const patch: Doc = {}
  for (const [k, v] of Object.entries(doc)) {
    if (!SKIP.has(k) && JSON.stringify(v ?? null) !== JSON.stringify(server[k] ?? null)) patch[k] = v
  }
  return patch
}

/**
 * The server changed the document since our base: apply the doctype's policy. Returns true
 * when local values were overwritten (a conflict record was written).
 */
export async function handleConflict(ctx: ReplicaContext, m: Mutation, server: Doc | undefined): Promise<boolean> {
  const meta = ctx.schema.get(m.doctype)
  if (!server || !meta) {
    await ctx.store.write(async (tx) => {
      await putMutation(tx, { ...m, inflight: false, rejected: true })
      await putError(tx, errorEntry(m, { excType: 'TimestampMismatchError', httpStatus: 417, message: 'The document changed on the server', messages: [] }, ctx.env.now()))
    })
    return false
  }
  return ctx.store.write(async (tx) => {
    const base = (await getBase(tx, m.doctype, m.name)) ?? server
    const local = (await tx.getDoc(m.doctype, m.name)) ?? server
    const decision = resolveConflict(ctx.policies[m.doctype] ?? 'merge', { schema: ctx.schema, doctype: meta, base, local, server })
    await putBase(tx, m.doctype, server)
    await tx.putDoc(m.doctype, { ...decision.doc, name: server['name'], modified: server['modified'] })
    const patch = diff(server, decision.doc)
    if (decision.repush && Object.keys(patch).length > 0) {
      await putMutation(tx, { ...m, kind: 'update', doc: patch, baseModified: String(server['modified']), inflight: false })
    } else {
      await removeMutation(tx, m)
    }
    if (decision.overwritten.length === 0) return false
    await putConflict(tx, { id: `${m.id}`, doctype: m.doctype, name: m.name, fields: decision.overwritten, serverModified: String(server['modified']), at: ctx.env.now() })
    return true
  })
}
