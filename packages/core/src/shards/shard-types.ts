import type { Doc } from '@outpost/meta'
import type { Remote } from '../ports/remote.ts'

/**
 * Which shards a document lives on, by name, home first: the home shard is where its conflicts
 * are decided and whose copy the replica keeps; the others take the same changes as they are.
 * Called for parent DocTypes only, with the whole document (on a delete: the server version).
 */
export type ShardRoute = (doctype: string, doc: Doc) => readonly string[]

/** One replica over several servers (a Frappe site per company or region, or several nodes). */
export interface ShardsOptions {
  readonly remotes: Readonly<Record<string, Remote>>
  readonly route: ShardRoute
}

/** What a UI shows about one shard. */
export interface ShardStatus {
  /** The last contact with this shard succeeded. */
  readonly online: boolean
  /** This shard asked for a login. */
  readonly authRequired: boolean
  /** The last failure of this shard (cleared by the next answer). */
  readonly lastError: string | undefined
  /**
   * What happened on this shard to documents it shares with others, newest last (at most 20):
   * a copy refused while its home shard took the document, a copy named differently.
   */
  readonly notes: readonly string[]
  /** Epoch ms of the last answer from this shard. */
  readonly lastContact: number | undefined
}
