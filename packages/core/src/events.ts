/** A minimal typed event emitter; handlers run synchronously, a throwing handler is isolated. */
export class Emitter<Events extends Record<string, unknown>> {
  readonly #handlers = new Map<keyof Events, Set<(payload: never) => void>>()

  on<K extends keyof Events>(event: K, handler: (payload: Events[K]) => void): () => void {
    const set = this.#handlers.get(event) ?? new Set()
    set.add(handler as (payload: never) => void)
    this.#handlers.set(event, set)
    return () => set.delete(handler as (payload: never) => void)
  }

  emit<K extends keyof Events>(event: K, payload: Events[K]): void {
    for (const handler of this.#handlers.get(event) ?? []) {
      try {
        ;(handler as (payload: Events[K]) => void)(payload)
      } catch (e) {
        console.error(`outpost: a "${String(event)}" handler threw`, e)
      }
    }
  }
}
