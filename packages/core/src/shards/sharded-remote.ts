import type { Doc } from '@outpost/meta'
import type { OutgoingMutation, PushOutcome, RealtimeListener, Remote, RemoteCapabilities, RemoteFailure, RemoteResult } from '../ports/remote.ts'
import { ShardHealth } from './shard-health.ts'
import { keeps, pullShards } from './shard-pull.ts'
import { pushShards } from './shard-push.ts'
import { isUnroutable, ShardRouter } from './shard-router.ts'
import { remoteOf, worstFailure, type LocateDoc, type ShardSet } from './shard-set.ts'
import type { ShardsOptions } from './shard-types.ts'

/** What every shard can do; realtime when any shard speaks it. Batches always: each shard gets its part its own way. */
function capabilitiesOf(remotes: readonly Remote[]): RemoteCapabilities {
  const all = (k: keyof RemoteCapabilities): boolean => remotes.every((r) => r.capabilities[k] === true)
  return {
    idempotentPush: all('idempotentPush'), changeLog: all('changeLog'), deletions: all('deletions'), tempNameResolution: all('tempNameResolution'),
    batchPush: true, visibilityHints: all('visibilityHints'), realtime: remotes.some((r) => r.capabilities.realtime && r.watch !== undefined), metaVersions: all('metaVersions'),
  }
}

/** Every shard's answer that came, and the shards that failed (all failed: the worst failure). */
async function fromEvery<T>(set: ShardSet, ask: (remote: Remote) => Promise<RemoteResult<T>>): Promise<{ kind: 'ok'; value: (readonly [string, T])[]; failed: string[] } | RemoteFailure> {
  const answers = await Promise.all(set.names.map(async (shard) => [shard, await ask(remoteOf(set, shard))] as const))
  const failures: RemoteFailure[] = []
  const failed: string[] = []
  const values: (readonly [string, T])[] = []
  for (const [shard, answer] of answers) {
    if (answer.kind === 'ok') {
      set.health.reached(shard)
      values.push([shard, answer.value])
    } else {
      set.health.failed(shard, answer)
      failures.push(answer)
      failed.push(shard)
    }
  }
  return values.length === 0 ? (worstFailure(failures) as RemoteFailure) : { kind: 'ok', value: values, failed }
}

/**
 * The names every shard lists. While a shard is down, the local documents routed to it are
 * listed too: a reconciliation must not delete what that shard may still hold.
 */
async function listNames(set: ShardSet, doctype: string): Promise<RemoteResult<string[]>> {
  const answer = await fromEvery(set, (r) => r.listNames(doctype))
  if (answer.kind !== 'ok') return answer
  const names = new Set(answer.value.flatMap(([, list]) => list))
  if (answer.failed.length > 0) {
    for (const doc of await set.localDocs(doctype)) {
      const shards = set.router.shardsOf(doctype, doc)
      if (isUnroutable(shards) || shards.some((s) => answer.failed.includes(s))) names.add(String(doc['name']))
    }
  }
  return { kind: 'ok', value: [...names] }
}

/**
 * Every shard's hints, as one channel. A shard whose channel drops is marked offline on its
 * status; the replica hears `disconnected` only when every channel is down.
 */
function watchShards(set: ShardSet, doctypes: readonly string[], listener: RealtimeListener): () => void {
  const watching = set.names.filter((n) => remoteOf(set, n).capabilities.realtime && remoteOf(set, n).watch !== undefined)
  const up = new Set<string>()
  const stops = watching.map((shard) => remoteOf(set, shard).watch!(doctypes, {
    changed: (hint) => listener.changed(hint),
    connected: () => {
      up.add(shard)
      listener.connected()
    },
    disconnected: () => {
      up.delete(shard)
      const message = `realtime connection to shard ${shard} lost`
      set.health.failed(shard, { kind: 'offline', error: { excType: 'NetworkError', httpStatus: undefined, message, messages: [message] } })
      if (up.size === 0) listener.disconnected()
    },
  }))
  return () => stops.forEach((stop) => stop())
}

export interface ShardedRemote extends Remote {
  readonly health: ShardHealth
  readonly router: ShardRouter
}

/**
 * Several servers as one Remote. Pulls merge every shard's pages, each shard with its own cursor
 * inside the replica's; pushes go where `route` says, and one shard being down holds back only
 * the documents routed to it. Meta comes from the first shard that answers, in `remotes` order.
 */
/** What the sharded Remote reads from the local database. */
export interface ShardLocal {
  readonly locate: LocateDoc
  readonly docs: (doctype: string) => Promise<readonly Doc[]>
  readonly insertQueued: (doctype: string, outpostId: string) => Promise<boolean>
}

export function shardedRemote(options: ShardsOptions, local: ShardLocal, now: () => number): ShardedRemote {
  const names = Object.keys(options.remotes)
  const router = new ShardRouter(names, options.route)
  const set: ShardSet = { names, remotes: options.remotes, router, health: new ShardHealth(names, now), locate: local.locate, localDocs: local.docs, insertQueued: local.insertQueued, accepted: new Map() }
  const remotes = names.map((n) => remoteOf(set, n))
  return {
    capabilities: capabilitiesOf(remotes),
    health: set.health,
    router,
    async getDocTypes(doctype) {
      const failures: RemoteFailure[] = []
      for (const shard of names) {
        const answer = await remoteOf(set, shard).getDocTypes(doctype)
        if (answer.kind === 'ok') return answer
        set.health.failed(shard, answer)
        failures.push(answer)
      }
      return worstFailure(failures) as RemoteFailure
    },
    pushBatch: (mutations) => pushShards(set, mutations),
    async push(mutation: OutgoingMutation): Promise<PushOutcome> {
      const answer = await pushShards(set, [mutation])
      if (answer.kind !== 'results') return answer
      const outcome = answer.results[0]
      if (outcome) return outcome
      const waiting = names.filter((n) => !set.health.current[n]?.online)
      const message = `${mutation.doctype} ${mutation.name} waits for shard ${waiting.join(', ') || 'answers'}`
      return { kind: 'offline', error: { excType: 'ShardUnavailable', httpStatus: undefined, message, messages: [message] } }
    },
    pull: (request) => pullShards(set, request),
    listNames: (doctype) => listNames(set, doctype),
    async fetchDocs(doctype, wanted) {
      const answer = await fromEvery(set, (r) => r.fetchDocs(doctype, wanted))
      if (answer.kind !== 'ok') return answer
      // As a pull would take them: home copies, no collisions, none of this replica's inserts still on their way.
      const kept = new Map<string, Doc>()
      for (const [shard, docs] of answer.value) {
        for (const doc of docs) {
          const key = String(doc['name']).toLowerCase()
          if (!kept.has(key) && (await keeps(set, doctype, shard, doc, kept))) kept.set(key, doc)
        }
      }
      return { kind: 'ok', value: [...kept.values()] }
    },
    watch: (doctypes, listener) => watchShards(set, doctypes, listener),
    async close() {
      await Promise.all(remotes.map((r) => r.close?.()))
    },
  }
}
