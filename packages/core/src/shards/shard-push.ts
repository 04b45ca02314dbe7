import type { BatchPushOutcome, OutgoingMutation, PushOutcome, Remote, RemoteError, RemoteFailure } from '../ports/remote.ts'
import { isUnroutable } from './shard-router.ts'
import { remoteOf, worstFailure, type ShardSet } from './shard-set.ts'

type Accepted = Extract<PushOutcome, { kind: 'accepted' }>
/** Per mutation of one shard's sub-batch (`undefined`: not attempted), or the whole request failed. */
type ShardAnswer = readonly (PushOutcome | undefined)[] | RemoteFailure

interface Plan {
  readonly shards: readonly string[]
  readonly unroutable?: string
}

const STOPS = new Set<PushOutcome['kind']>(['retry', 'auth', 'offline'])

/** The document a mutation is routed by: an insert's own, else the local server version (or the local copy). */
async function planOf(set: ShardSet, m: OutgoingMutation): Promise<Plan> {
  const doc = m.kind === 'insert' ? m.doc : await set.locate(m.doctype, m.name)
  if (!doc) return { shards: [], unroutable: `${m.doctype} ${m.name} is not in the local database: its shard is unknown` }
  const shards = set.router.shardsOf(m.doctype, doc)
  return isUnroutable(shards) ? { shards: [], unroutable: shards.message } : { shards }
}

/** One shard's part of the batch: one request when it takes batches, else one by one until it stops answering. */
async function send(remote: Remote, mutations: readonly OutgoingMutation[]): Promise<ShardAnswer> {
  if (remote.capabilities.batchPush && remote.pushBatch) {
    const answer = await remote.pushBatch(mutations)
    return answer.kind === 'results' ? answer.results : answer
  }
  const results: (PushOutcome | undefined)[] = []
  for (const m of mutations) {
    const outcome = await remote.push(m)
    if (results.length === 0 && (outcome.kind === 'offline' || outcome.kind === 'auth' || outcome.kind === 'retry')) return outcome
    results.push(outcome)
    if (STOPS.has(outcome.kind)) break
  }
  return results
}

const refusal = (excType: string, message: string): RemoteError => ({ excType, httpStatus: undefined, message, messages: [message] })

const said = (o: PushOutcome | undefined): string => (o === undefined ? 'not reached' : o.kind === 'accepted' ? 'accepted' : `${o.kind} (${o.error.message})`)

/**
 * A document routed to several shards: one outcome for the replica. The home shard's answer
 * decides (its refusal or conflict goes to the Sync Error Log, naming what every shard said);
 * a copy refused while home took the document is a note on that shard's status, since the
 * document now exists under its home name. Undefined while a shard has not answered.
 */
function combine(set: ShardSet, m: OutgoingMutation, shards: readonly string[], outcomes: ReadonlyMap<string, PushOutcome | undefined>): PushOutcome | undefined {
  const home = shards[0] ?? ''
  const atHome = outcomes.get(home)
  if (shards.length === 1) return atHome
  const all = shards.map((s) => `${s}: ${said(outcomes.get(s))}`)
  if (atHome?.kind === 'rejected') {
    return { kind: 'rejected', error: { ...atHome.error, message: `Shard ${home} refused ${m.doctype} ${m.name}: ${atHome.error.message} (${all.join('; ')})`, messages: [...atHome.error.messages, ...all] } }
  }
  if (atHome?.kind === 'conflict') return atHome
  if (atHome?.kind !== 'accepted') return undefined
  for (const s of shards.slice(1)) {
    const o = outcomes.get(s)
    if (o === undefined) return undefined
    if (o.kind !== 'accepted') set.health.note(s, `${m.kind} of ${m.doctype} ${String(atHome.doc?.['name'] ?? m.name)} ${said(o)} here; ${home} took it`)
  }
  return atHome
}

/** A copy sent to a shard other than the document's home: conflicts are decided at home, so no base. */
const secondary = (m: OutgoingMutation): OutgoingMutation => ({ ...m, baseModified: undefined })

function subBatches(set: ShardSet, mutations: readonly OutgoingMutation[], plans: readonly Plan[]): Map<string, number[]> {
  const perShard = new Map<string, number[]>()
  for (const [i, m] of mutations.entries()) {
    for (const shard of plans[i]?.shards ?? []) {
      if (set.accepted.get(m.id)?.has(shard)) continue
      let list = perShard.get(shard)
      if (!list) perShard.set(shard, (list = []))
      list.push(i)
    }
  }
  return perShard
}

/** Every shard's answer, told to the shard's health; per mutation index, what each shard said. */
async function sendAll(set: ShardSet, mutations: readonly OutgoingMutation[], plans: readonly Plan[]): Promise<{ byShard: Map<string, Map<number, PushOutcome | undefined>>; failures: RemoteFailure[]; asked: number }> {
  const byShard = new Map<string, Map<number, PushOutcome | undefined>>()
  const failures: RemoteFailure[] = []
  const batches = [...subBatches(set, mutations, plans)]
  await Promise.all(batches.map(async ([shard, indexes]) => {
    const toSend = indexes.map((i) => (plans[i]?.shards[0] === shard ? mutations[i] : secondary(mutations[i] as OutgoingMutation)) as OutgoingMutation)
    const answer = await send(remoteOf(set, shard), toSend)
    const got = new Map<number, PushOutcome | undefined>()
    if (!Array.isArray(answer)) {
      set.health.failed(shard, answer as RemoteFailure)
      failures.push(answer as RemoteFailure)
    } else {
      const stopped = (answer as readonly (PushOutcome | undefined)[]).find((o): o is RemoteFailure => o !== undefined && STOPS.has(o.kind))
      if (stopped) set.health.failed(shard, stopped)
      else set.health.reached(shard)
      indexes.forEach((i, j) => got.set(i, (answer as readonly (PushOutcome | undefined)[])[j]))
    }
    byShard.set(shard, got)
  }))
  return { byShard, failures, asked: batches.length }
}

/** Names a shard gave that differ from the home shard's: written down on that shard's status. */
function noteNames(set: ShardSet, m: OutgoingMutation, shards: readonly string[], outcomes: ReadonlyMap<string, PushOutcome | undefined>): void {
  const home = outcomes.get(shards[0] ?? '')
  const homeName = home?.kind === 'accepted' ? home.doc?.['name'] : undefined
  for (const s of shards.slice(1)) {
    const o = outcomes.get(s)
    const name = o?.kind === 'accepted' ? o.doc?.['name'] : undefined
    if (name !== undefined && homeName !== undefined && name !== homeName) set.health.note(s, `${m.doctype} ${String(homeName)} (named on ${shards[0] ?? ''}) is ${String(name)} here`)
  }
}

/**
 * A batch routed per document: each shard gets its documents in order, in one request where it
 * can; the answers are joined per mutation. A document waits (not attempted) while one of its
 * shards is down; shards that took it already are not sent it again.
 */
export async function pushShards(set: ShardSet, mutations: readonly OutgoingMutation[]): Promise<BatchPushOutcome> {
  const plans = await Promise.all(mutations.map((m) => planOf(set, m)))
  const { byShard, failures, asked } = await sendAll(set, mutations, plans)
  const wholeRefusal = failures.find((f) => f.kind === 'rejected')
  if (wholeRefusal && mutations.length > 1) return wholeRefusal
  const results = mutations.map((m, i): PushOutcome | undefined => {
    const plan = plans[i] as Plan
    if (plan.unroutable !== undefined) return { kind: 'rejected', error: refusal('ShardRoutingError', plan.unroutable) }
    const outcomes = new Map<string, PushOutcome | undefined>()
    for (const s of plan.shards) {
      const answered = byShard.get(s)?.get(i)
      // A shard that stopped answering has not taken this one: it waits, as if not attempted.
      outcomes.set(s, set.accepted.get(m.id)?.get(s) ?? (answered && STOPS.has(answered.kind) ? undefined : answered))
    }
    const combined = combine(set, m, plan.shards, outcomes)
    remember(set, m, plan.shards, outcomes, combined)
    if (combined?.kind === 'accepted') noteNames(set, m, plan.shards, outcomes)
    return combined
  })
  const shardFailure = worstFailure(failures)
  // No shard answered: the replica is offline (or must log in), not just waiting on one shard.
  if (shardFailure && failures.length === asked && results.every((r) => r === undefined)) return shardFailure
  return { kind: 'results', results }
}

function remember(set: ShardSet, m: OutgoingMutation, shards: readonly string[], outcomes: ReadonlyMap<string, PushOutcome | undefined>, combined: PushOutcome | undefined): void {
  // Kept while a shard still has to take it (or refused it): a retry goes to the others only.
  if (shards.length < 2 || combined?.kind === 'accepted' || combined?.kind === 'conflict') {
    set.accepted.delete(m.id)
    return
  }
  const done = set.accepted.get(m.id) ?? new Map<string, Accepted>()
  for (const [s, o] of outcomes) if (o?.kind === 'accepted') done.set(s, o)
  set.accepted.set(m.id, done)
}
