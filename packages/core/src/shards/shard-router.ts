import type { Doc } from '@outpost/meta'
import { OutpostError } from '../errors.ts'
import type { ShardRoute } from './shard-types.ts'

/** Why a document cannot be routed (no shard, an unknown one, or the route threw). */
export interface RouteFailure {
  readonly kind: 'unroutable'
  readonly message: string
}

/** The app's route, checked: at least one shard, every one known, no repeats, home first. */
export class ShardRouter {
  readonly names: readonly string[]

  constructor(names: readonly string[], private readonly route: ShardRoute) {
    if (names.length === 0) throw new OutpostError('INVALID_ARGUMENT', 'shards.remotes names no shard')
    this.names = names
  }

  shardsOf(doctype: string, doc: Doc): readonly string[] | RouteFailure {
    let picked: readonly string[]
    try {
      picked = this.route(doctype, doc)
    } catch (e) {
      return { kind: 'unroutable', message: `shards.route failed for ${doctype} ${String(doc['name'] ?? '')}: ${e instanceof Error ? e.message : String(e)}` }
    }
    if (!Array.isArray(picked) || picked.length === 0) return { kind: 'unroutable', message: `shards.route names no shard for ${doctype} ${String(doc['name'] ?? '')}` }
    const unknown = picked.find((s) => typeof s !== 'string' || !this.names.includes(s))
    if (unknown !== undefined) return { kind: 'unroutable', message: `shards.route names an unknown shard ${JSON.stringify(unknown)} for ${doctype} (known: ${this.names.join(', ')})` }
    return [...new Set(picked)]
  }

  /** Route or throw a VALIDATION error (a local save must not queue what cannot be sent anywhere). */
  require(doctype: string, doc: Doc): readonly string[] {
    const shards = this.shardsOf(doctype, doc)
    if (isUnroutable(shards)) throw new OutpostError('VALIDATION', shards.message, { fields: [{ doctype, fieldname: undefined, row: undefined, message: shards.message }] })
    return shards
  }
}

export const isUnroutable = (r: readonly string[] | RouteFailure): r is RouteFailure => !Array.isArray(r)
