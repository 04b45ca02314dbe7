import type { Doc } from '@outpost/meta'
import type { PushOutcome, Remote, RemoteFailure } from '../ports/remote.ts'
import type { ShardHealth } from './shard-health.ts'
import type { ShardRouter } from './shard-router.ts'

/** A replica's local copy of a document, as routing needs it (the server version when there is one). */
export type LocateDoc = (doctype: string, name: string) => Promise<Doc | undefined>

/** What the sharded Remote's parts share. */
export interface ShardSet {
  readonly names: readonly string[]
  readonly remotes: Readonly<Record<string, Remote>>
  readonly router: ShardRouter
  readonly health: ShardHealth
  readonly locate: LocateDoc
  /** A local document with this client id still has its insert queued (not every shard has it yet). */
  readonly insertQueued: (doctype: string, outpostId: string) => Promise<boolean>
  /** Every local document of a DocType: names a down shard holds are kept through a reconciliation. */
  readonly localDocs: (doctype: string) => Promise<readonly Doc[]>
  /**
   * Shards that accepted a mutation routed to several, while another has not answered yet: a
   * retry goes only to the rest. (Kept in memory; after a restart the shards' own idempotency,
   * by mutation id or `outpost_id`, answers the repeat.)
   */
  readonly accepted: Map<string, Map<string, Extract<PushOutcome, { kind: 'accepted' }>>>
}

export function remoteOf(set: ShardSet, shard: string): Remote {
  const remote = set.remotes[shard]
  if (!remote) throw new Error(`no remote for shard ${shard}`)
  return remote
}

/**
 * Which failure a caller hears when every shard failed: a login request first, then offline,
 * then a retry, and a refusal only when every shard refused (a refused pull can remove a whole
 * DocType here: one shard's passing 503 must not read as another's refusal of all of it).
 */
export function worstFailure(failures: readonly RemoteFailure[]): RemoteFailure | undefined {
  return failures.find((f) => f.kind === 'auth') ?? failures.find((f) => f.kind === 'offline') ?? failures.find((f) => f.kind === 'retry') ?? failures[0]
}
