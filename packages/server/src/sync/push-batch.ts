import type { Doc } from '@outpost/meta'
import type { RequestContext, Site } from '../context.ts'
import { loadDoc } from '../documents/doc-repo.ts'
import { toFrappeError } from '../http/error-body.ts'
import { asUser } from '../http/execute.ts'
import { hasPermission } from '../permissions/has-permission.ts'
import type { UserContext } from '../permissions/user-context.ts'
import { applyMutation } from './apply-mutation.ts'
import { StoredResults, storeResult, storedAnswerFor } from './mutation-store.ts'
import type { PushMutation } from './push-args.ts'
import { acceptedResult, conflictResult, rejectedResult, skippedResult, type PushResult } from './push-result.ts'
import { tempNamesIn, translateTempNames } from './push-translate.ts'
import { isTempName } from './temp-name-store.ts'
import { foldNocase } from '../storage/identifiers.ts'

const docKey = (doctype: string, name: string): string => `${doctype}\u0000${foldNocase(name)}`

/** Documents and temp names of refused mutations: later mutations on them are skipped. */
class Refusals {
  readonly #docs = new Map<string, string>()
  readonly #temps = new Map<string, string>()

  refuse(sent: PushMutation, applied: PushMutation): void {
    for (const m of [sent, applied]) if (m.name !== undefined) this.#docs.set(docKey(m.doctype, m.name), sent.mutationId)
    if (isTempName(sent.name)) this.#temps.set(sent.name, sent.mutationId)
  }

  /** What is refused now, to go back to (a transaction run again forgets what its first run refused). */
  snapshot(): () => void {
    const docs = new Map(this.#docs)
    const temps = new Map(this.#temps)
    return () => {
      this.#docs.clear()
      this.#temps.clear()
      for (const [k, v] of docs) this.#docs.set(k, v)
      for (const [k, v] of temps) this.#temps.set(k, v)
    }
  }

  /** Why `m` cannot be attempted, if it depends on a refused mutation. */
  blocker(sent: PushMutation, applied: PushMutation): string | undefined {
    for (const m of [sent, applied]) {
      const by = m.name === undefined ? undefined : this.#docs.get(docKey(m.doctype, m.name))
      if (by !== undefined) return `Not attempted: mutation ${by} on ${m.doctype} ${m.name ?? ''} was refused`
    }
    for (const temp of tempNamesIn(sent)) {
      const by = this.#temps.get(temp)
      if (by !== undefined) return `Not attempted: it names ${temp}, whose insert (mutation ${by}) was refused`
    }
    return undefined
  }
}

/** The document as the server holds it now, if the user may read it (a conflict's answer). */
async function currentDoc(ctx: RequestContext, m: PushMutation): Promise<Doc | undefined> {
  const schema = ctx.site.schema
  const doctype = schema.get(m.doctype)
  const doc = doctype && m.name !== undefined ? await loadDoc(ctx.tx, schema, doctype, m.name) : undefined
  return doctype && doc && hasPermission(schema, doctype, 'read', ctx.user, doc) ? doc : undefined
}

/** One result as answered: its status, and its JSON (stored as it is when accepted). */
export interface PushAnswer {
  readonly status: PushResult['status']
  readonly json: string
}

const answer = (result: PushResult): PushAnswer => ({ status: result.status, json: JSON.stringify(result) })

/** A mutation failed in a group run without savepoints: the group is undone and run again with them. */
class RedoWithSavepoints extends Error {}

/** One group's transaction: its context, the batch's refusals and mutation ids, and the results stored so far. */
interface GroupRun {
  readonly ctx: RequestContext
  readonly refusals: Refusals
  readonly ids: readonly string[]
  readonly stored: StoredResults
}

/**
 * Mutation `i`'s work: a stored answer for a repeated id; else translate temp names, skip
 * dependents of refusals, apply, and store the accepted answer with the effect. Throws the
 * mutation's refusal. `note` hears the translated mutation.
 */
async function attempt({ ctx, refusals, ids, stored: results }: GroupRun, sent: PushMutation, i: number, note: (applied: PushMutation) => void): Promise<PushAnswer> {
  const stored = await results.get(ids, i)
  if (stored !== undefined) return { status: 'accepted', json: storedAnswerFor(sent, stored) }
  const applied = await translateTempNames(ctx.tx, sent)
  note(applied)
  const blocker = refusals.blocker(sent, applied)
  if (blocker !== undefined) return answer(skippedResult(sent, blocker))
  const accepted = answer(acceptedResult(sent, await applyMutation(ctx, applied)))
  await storeResult(ctx.tx, sent.mutationId, ctx.user.name, accepted.json, ctx.now())
  return accepted
}

/**
 * One mutation, atomic on its own. `isolated`: in a savepoint, so a refusal undoes everything
 * the mutation did and becomes its answer (refusals are not stored). Not isolated: a refusal
 * throws `RedoWithSavepoints`, and the caller undoes the whole group and runs it isolated
 * (a savepoint journals every page a mutation touches: most batches have no refusal at all).
 */
async function pushOne(group: GroupRun, sent: PushMutation, i: number, isolated: boolean): Promise<PushAnswer> {
  const { ctx, refusals } = group
  let applied = sent
  try {
    const run = (): Promise<PushAnswer> => attempt(group, sent, i, (a) => (applied = a))
    const out = isolated ? await ctx.tx.savepoint(run) : await run()
    if (out.status === 'accepted') group.stored.remember(sent.mutationId, out.json)
    else refusals.refuse(sent, applied)
    return out
  } catch (e) {
    if (!isolated) throw new RedoWithSavepoints('a mutation of the group was refused', { cause: e })
    refusals.refuse(sent, applied)
    const error = toFrappeError(e)
    return answer(error.excType === 'TimestampMismatchError' ? conflictResult(sent, error, await currentDoc(ctx, applied)) : rejectedResult(sent, error))
  }
}

/**
 * A write transaction holds the site's one writer lock: a group commits after GROUP_MS or
 * GROUP_MAX mutations, so other requests wait at most that long, and a commit's cost (every
 * page the mutations touched, written to the WAL) is shared by the group.
 */
const GROUP_MS = 50
const GROUP_MAX = 500

/**
 * One group, in its own transaction, from `results.length` on; its answers are appended to
 * `results`. A transaction the database runs again (PostgreSQL, after a serialisation failure)
 * starts the group again, its answers and refusals forgotten.
 */
function runGroup(site: Site, user: UserContext, mutations: readonly PushMutation[], ids: readonly string[], results: PushAnswer[], refusals: Refusals, isolated: boolean): Promise<void> {
  const first = results.length
  const restore = refusals.snapshot()
  return asUser(site, user, false, async (ctx) => {
    results.length = first
    restore()
    const group: GroupRun = { ctx, refusals, ids, stored: new StoredResults(ctx.tx, ctx.user.name) }
    const started = performance.now()
    for (let m = mutations[first]; m && results.length - first < GROUP_MAX && performance.now() - started < GROUP_MS; m = mutations[results.length]) {
      results.push(await pushOne(group, m, results.length, isolated))
    }
  })
}

/**
 * Apply a batch in order, one result per mutation. Each mutation is atomic on its own;
 * mutations commit in groups, and the answer is sent after the last group's commit. Groups
 * run without savepoints until one meets a refusal: that group is rolled back and run again
 * with a savepoint per mutation, and so are the rest of the batch's groups.
 */
export async function pushBatch(site: Site, user: UserContext, mutations: readonly PushMutation[]): Promise<PushAnswer[]> {
  const refusals = new Refusals()
  const results: PushAnswer[] = []
  const ids = mutations.map((m) => m.mutationId)
  let isolated = false
  while (results.length < mutations.length) {
    const first = results.length
    const restore = refusals.snapshot()
    try {
      await runGroup(site, user, mutations, ids, results, refusals, isolated)
    } catch (e) {
      if (!(e instanceof RedoWithSavepoints)) throw e
      results.length = first
      restore()
      isolated = true
      await runGroup(site, user, mutations, ids, results, refusals, isolated)
    }
  }
  return results
}
