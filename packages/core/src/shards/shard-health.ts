import type { RemoteFailure } from '../ports/remote.ts'
import type { ShardStatus } from './shard-types.ts'

const UNKNOWN: ShardStatus = { online: false, authRequired: false, lastError: undefined, lastContact: undefined, notes: [] }
const MAX_NOTES = 20

/** Each shard's last contact, told to a listener (the replica's status) on every change. */
export class ShardHealth {
  #shards: Readonly<Record<string, ShardStatus>>
  #listener: ((shards: Readonly<Record<string, ShardStatus>>) => void) | undefined

  constructor(names: readonly string[], private readonly now: () => number) {
    this.#shards = Object.fromEntries(names.map((n) => [n, UNKNOWN]))
  }

  get current(): Readonly<Record<string, ShardStatus>> {
    return this.#shards
  }

  listen(listener: (shards: Readonly<Record<string, ShardStatus>>) => void): void {
    this.#listener = listener
  }

  reached(shard: string): void {
    const before = this.#shards[shard] ?? UNKNOWN
    this.#set(shard, { ...before, online: true, authRequired: false, lastError: undefined, lastContact: this.now() })
  }

  note(shard: string, text: string): void {
    const before = this.#shards[shard] ?? UNKNOWN
    this.#set(shard, { ...before, notes: [...before.notes, text].slice(-MAX_NOTES) })
  }

  failed(shard: string, failure: RemoteFailure): void {
    const before = this.#shards[shard] ?? UNKNOWN
    const reachedIt = failure.kind === 'rejected' || failure.kind === 'retry'
    this.#set(shard, {
      ...before,
      online: reachedIt,
      authRequired: failure.kind === 'auth',
      lastError: failure.error.message,
      lastContact: reachedIt ? this.now() : before.lastContact,
    })
  }

  #set(shard: string, next: ShardStatus): void {
    const before = this.#shards[shard]
    if (before && before.online === next.online && before.authRequired === next.authRequired && before.lastError === next.lastError && before.lastContact === next.lastContact && before.notes === next.notes) return
    this.#shards = { ...this.#shards, [shard]: next }
    this.#listener?.(this.#shards)
  }
}
