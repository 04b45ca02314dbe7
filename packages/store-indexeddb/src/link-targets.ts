import type { LinkTarget } from '@outpost/core'

/** Answers kept: enough for the masters a busy day's documents link to; the least recently used go first. */
export const LINK_TARGETS_KEPT = 4096

/** The layout row every committed write of documents changes: a tab that finds it changed forgets what it kept. */
export const GENERATION_ROW = 'generation'

/** A new generation: unique across tabs, so one tab never mistakes another's for its own. */
export const newGeneration = (): string => globalThis.crypto.randomUUID()

const cacheKey = (doctype: string, foldedKey: string): string => `${doctype}\u0000${foldedKey}`

/**
 * What link validation asked of documents lately (their stored name and docstatus), kept
 * between store calls, and valid only while the database's generation is the one they were
 * read at. Every flush that writes documents sets a new generation in its own transaction
 * (written without being read first, so the commit waits for no extra round trip), and writes
 * are serialised across tabs by the store lock, so a call that finds the generation it knows
 * has seen every write since: its own writes drop the keys they touched and carry the
 * generation it knows forward, another tab's writes make it forget everything.
 */
export class LinkTargets {
  #generation: string | undefined
  readonly #kept = new Map<string, LinkTarget>()

  /** The generation this call read; answers kept at another one are dropped. */
  at(generation: string): void {
    if (generation !== this.#generation) this.forget()
    this.#generation = generation
  }

  get(doctype: string, foldedKey: string): LinkTarget | undefined {
    const key = cacheKey(doctype, foldedKey)
    const hit = this.#kept.get(key)
    if (hit === undefined) return undefined
    // most recently used last
    this.#kept.delete(key)
    this.#kept.set(key, hit)
    return { ...hit }
  }

  keep(doctype: string, foldedKey: string, target: LinkTarget): void {
    const key = cacheKey(doctype, foldedKey)
    this.#kept.delete(key)
    this.#kept.set(key, { name: target.name, docstatus: target.docstatus })
    if (this.#kept.size > LINK_TARGETS_KEPT) this.#kept.delete(this.#kept.keys().next().value!)
  }

  /** A write of these documents is about to commit. */
  drop(doctype: string, foldedKeys: Iterable<string>): void {
    for (const k of foldedKeys) this.#kept.delete(cacheKey(doctype, k))
  }

  /**
   * A flush committed, changing the generation from `from` to `to`: what was kept stays valid
   * only if `from` was the generation it was kept at (the flush dropped its own keys).
   */
  committed(from: string, to: string): void {
    if (from !== this.#generation) this.forget()
    this.#generation = to
  }

  forget(): void {
    this.#kept.clear()
    this.#generation = undefined
  }
}
