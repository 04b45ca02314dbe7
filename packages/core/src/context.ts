import type { Doc, DocType, Schema } from '@outpost/meta'
import type { Emitter } from './events.ts'
import type { Environment } from './ports/environment.ts'
import type { LocalStore } from './ports/local-store.ts'
import type { Remote } from './ports/remote.ts'
import type { ReplicaEvents } from './replica-events.ts'
import type { ConflictPolicy } from './conflicts/policy.ts'
import type { ShardRouter } from './shards/shard-router.ts'

/** Computes derived fields offline (totals, say) before a local save is validated. */
export type ClientHook = (doc: Doc, ctx: { readonly doctype: DocType; readonly schema: Schema; readonly previous: Doc | undefined }) => void

/** What every engine module shares; the replica facade owns it. */
export interface ReplicaContext {
  readonly store: LocalStore
  readonly remote: Remote
  readonly env: Environment
  readonly events: Emitter<ReplicaEvents>
  readonly hooks: Readonly<Record<string, ClientHook>>
  readonly policies: Readonly<Record<string, ConflictPolicy>>
  /** The user the replica acts for: it owns what it creates offline. */
  user: string
  schema: Schema
  /** Present when the replica has shards: a local save must be routable, and link only within its shards. */
  readonly shards?: ShardRouter
}
