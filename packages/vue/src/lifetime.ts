import type { Replica, ReplicaEvents } from '@outpost/core'
import { effectScope, getCurrentScope, onScopeDispose, type EffectScope } from 'vue'

/**
 * A resource's own effect scope: its watchers and replica listeners live in it, and it stops
 * with the scope the composable was called in (a component's setup, an `effectScope`) or by
 * `dispose()`, whichever comes first.
 */
export class Lifetime {
  readonly #scope: EffectScope = effectScope(true)
  #disposed = false

  constructor() {
    if (getCurrentScope()) onScopeDispose(() => this.dispose())
  }

  get disposed(): boolean {
    return this.#disposed
  }

  /** Run `fn` inside the resource's scope, so the watchers it makes stop on disposal. */
  run(fn: () => void): void {
    this.#scope.run(fn)
  }

  /** Listen to a replica event until disposal. */
  listen<K extends keyof ReplicaEvents>(replica: Replica, event: K, handler: (payload: ReplicaEvents[K]) => void): void {
    if (this.#disposed) return
    this.onDispose(replica.on(event, handler))
  }

  /** Run `fn` once, at disposal. */
  onDispose(fn: () => void): void {
    if (this.#disposed) fn()
    else this.#scope.run(() => onScopeDispose(fn))
  }

  dispose(): void {
    if (this.#disposed) return
    this.#disposed = true
    this.#scope.stop()
  }
}
