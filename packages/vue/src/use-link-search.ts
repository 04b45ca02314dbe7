import type { OutpostError, SearchLinkResult } from '@outpost/core'
import { computed, reactive, ref, shallowRef, toValue, watch, type MaybeRefOrGetter } from 'vue'
import { resolveConfig, type ResourceOptions } from './context.ts'
import { toOutpostError } from './errors.ts'
import { Lifetime } from './lifetime.ts'
import { coalesce, Latest } from './schedule.ts'

export interface UseLinkSearchOptions extends ResourceOptions {
  /** Filters on the target, as a Link field's `get_query` gives them. */
  readonly filters?: MaybeRefOrGetter<unknown>
  /** Results per search (default 10, as Frappe's search_link). */
  readonly pageLength?: MaybeRefOrGetter<number | undefined>
  /** Wait this long after the last `search()` before querying (default 0: at once). */
  readonly debounce?: number
  /** How to wait for `debounce` (default setTimeout); tests pass a controllable one. */
  readonly sleep?: (ms: number) => Promise<void>
}

/** Link field suggestions from local data, as Frappe's `search_link` ranks them. */
export interface LinkSearch {
  readonly doctype: string
  /** The text of the newest search. */
  readonly txt: string | null
  readonly results: readonly SearchLinkResult[]
  readonly loading: boolean
  readonly error: OutpostError | null
  /**
   * Search for `txt`. An older search answering after a newer one is dropped; a search made
   * stale resolves to `undefined`, the newest one to its results. Never rejects.
   */
  search(txt: string): Promise<readonly SearchLinkResult[] | undefined>
  dispose(): void
}

const timeout = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))

/**
 * Search a Link target while the user types. Results follow local changes of the target
 * DocType (a customer created offline shows up) and changes of `doctype`, `filters` and
 * `pageLength`, re-running the newest search.
 */
export function useLinkSearch(doctype: MaybeRefOrGetter<string>, options: UseLinkSearchOptions = {}): LinkSearch {
  const { replica, schedule } = resolveConfig(options)
  const life = new Lifetime()
  const target = computed(() => toValue(doctype))
  const txt = ref<string | null>(null)
  const results = shallowRef<readonly SearchLinkResult[]>([])
  const loading = ref(false)
  const error = shallowRef<OutpostError | null>(null)
  const latest = new Latest()
  const sleep = options.sleep ?? timeout

  const run = async (text: string, fresh: () => boolean): Promise<readonly SearchLinkResult[] | undefined> => {
    try {
      const pageLength = toValue(options.pageLength)
      const found = await replica.searchLink(target.value, text, {
        filters: toValue(options.filters),
        ...(pageLength !== undefined ? { pageLength } : {}),
      })
      if (!fresh()) return undefined
      results.value = found
      error.value = null
      return found
    } catch (e) {
      if (fresh()) error.value = toOutpostError(e)
      return undefined
    } finally {
      if (fresh()) loading.value = false
    }
  }

  const search = async (text: string): Promise<readonly SearchLinkResult[] | undefined> => {
    txt.value = text
    const fresh = latest.begin()
    loading.value = true
    if (options.debounce) {
      await sleep(options.debounce)
      if (!fresh()) return undefined
    }
    return run(text, fresh)
  }

  // Local changes re-run the newest search at once: no debounce, the user typed nothing.
  const refresh = coalesce(schedule, () => {
    if (txt.value === null) return
    loading.value = true
    void run(txt.value, latest.begin())
  })
  life.run(() => {
    watch(() => JSON.stringify([target.value, toValue(options.filters), toValue(options.pageLength)]), () => refresh.poke(), { flush: 'sync' })
  })
  life.listen(replica, 'change', (e) => {
    if (e.doctype === target.value) refresh.poke()
  })
  life.listen(replica, 'rename', (e) => {
    if (e.doctype === target.value) refresh.poke()
  })
  life.listen(replica, 'stale', () => refresh.poke())
  life.onDispose(() => {
    refresh.cancel()
    latest.invalidate()
  })

  return reactive({ doctype: target, txt, results, loading, error, search, dispose: () => life.dispose() })
}
