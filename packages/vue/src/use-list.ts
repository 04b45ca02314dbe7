import type { OutpostError } from '@outpost/core'
import type { Doc } from '@outpost/meta'
import { computed, reactive, ref, shallowRef, toValue, watch, type MaybeRefOrGetter } from 'vue'
import { action, type Action, type ActionHooks } from './action.ts'
import { resolveConfig, type ResourceOptions } from './context.ts'
import { callHook, toOutpostError } from './errors.ts'
import { Lifetime } from './lifetime.ts'
import { docListArgs, type ListQuery, type OrderBy } from './list-args.ts'
import { coalesce, Latest } from './schedule.ts'

/** frappe-ui's `createListResource` options; every argument may be a ref or a getter. */
export interface UseListOptions extends ResourceOptions {
  readonly doctype: MaybeRefOrGetter<string>
  /** Fields of each row (default `['name']`, as Frappe); `['*']` for whole documents. */
  readonly fields?: MaybeRefOrGetter<readonly string[] | undefined>
  /** Frappe filters in any of their shapes (object, list of triples). */
  readonly filters?: MaybeRefOrGetter<unknown>
  readonly orFilters?: MaybeRefOrGetter<unknown>
  /** `'modified desc'` or `{ field, order }`; default: the DocType's sort. */
  readonly orderBy?: MaybeRefOrGetter<OrderBy | undefined>
  /** Rows per page (default 20; 0 means all). */
  readonly pageLength?: MaybeRefOrGetter<number | undefined>
  /** Load at once (default true); with false, the first `fetch()` or `reload()` starts it. */
  readonly auto?: boolean
  readonly transform?: ((rows: Doc[]) => Doc[]) | undefined
  readonly onSuccess?: ((rows: Doc[]) => void) | undefined
  readonly onError?: ((error: OutpostError) => void) | undefined
  readonly insert?: ActionHooks<Doc>
  readonly setValue?: ActionHooks<Doc>
  readonly delete?: ActionHooks<void>
}

/** A live list over local data in frappe-ui's list resource shape. */
export interface ListResource {
  readonly doctype: string
  readonly data: Doc[] | null
  readonly loading: boolean
  readonly error: OutpostError | null
  /** A load has succeeded at least once. */
  readonly fetched: boolean
  /** Offset of the last page shown (pages accumulate, as frappe-ui's `next()`). */
  readonly start: number
  readonly pageLength: number
  readonly hasNextPage: boolean
  readonly hasPreviousPage: boolean
  /** Re-query the pages shown; resolves to `data`, never rejects (a failure lands in `error`). */
  reload(): Promise<Doc[] | null>
  fetch(): Promise<Doc[] | null>
  /** Show one more page. */
  next(): Promise<Doc[] | null>
  /** Show one page fewer. */
  previous(): Promise<Doc[] | null>
  getRow(name: string): Doc | undefined
  /** `insert.submit(values)`: create a document of this DocType. */
  readonly insert: Action<[values: Doc], Doc>
  /** `setValue.submit({ name, ...values })`. */
  readonly setValue: Action<[values: { readonly name: string } & Doc], Doc>
  /** `delete.submit(name)`. */
  readonly delete: Action<[name: string], void>
  /** Stop listening (also done when the calling scope or component goes away). */
  dispose(): void
}

function readQuery(options: UseListOptions): ListQuery {
  return {
    doctype: toValue(options.doctype),
    fields: toValue(options.fields),
    filters: toValue(options.filters),
    orFilters: toValue(options.orFilters),
    orderBy: toValue(options.orderBy),
    pageLength: toValue(options.pageLength) ?? 20,
  }
}

/**
 * A list resource (frappe-ui's `createListResource`) answered by the replica. It re-queries
 * when its arguments change, and after local or pulled changes of its DocType and after any
 * rename (a rename rewrites Links inside other documents): a burst of events is one re-query.
 */
export function useList(options: UseListOptions): ListResource {
  const { replica, schedule } = resolveConfig(options)
  const life = new Lifetime()
  const query = computed(() => readQuery(options))
  const data = shallowRef<Doc[] | null>(null)
  const loading = ref(false)
  const error = shallowRef<OutpostError | null>(null)
  const fetched = ref(false)
  const hasNextPage = ref(false)
  const pages = ref(1)
  const latest = new Latest()
  let started = false

  const settle = (rows: Doc[], limit: number): void => {
    const out = options.transform ? options.transform(rows) : rows
    data.value = out
    error.value = null
    fetched.value = true
    hasNextPage.value = limit > 0 && rows.length >= limit
    callHook(options.onSuccess, out)
  }

  const load = async (): Promise<Doc[] | null> => {
    started = true
    const fresh = latest.begin()
    loading.value = true
    try {
      const q = query.value
      const args = docListArgs(q, pages.value)
      const rows = await replica.db.getDocList(q.doctype, args)
      if (fresh()) settle(rows, args.limit ?? 0)
    } catch (e) {
      if (fresh()) {
        error.value = toOutpostError(e)
        callHook(options.onError, error.value)
      }
    } finally {
      if (fresh()) loading.value = false
    }
    return data.value
  }

  const refresh = coalesce(schedule, () => void load())
  life.run(() => {
    watch(() => JSON.stringify(query.value), () => {
      pages.value = 1
      if (started) refresh.poke()
    }, { flush: 'sync' })
  })
  life.listen(replica, 'change', (e) => {
    if (started && e.doctype === query.value.doctype) refresh.poke()
  })
  life.listen(replica, 'rename', () => {
    if (started) refresh.poke()
  })
  life.listen(replica, 'stale', () => {
    if (started) refresh.poke()
  })
  life.onDispose(() => {
    refresh.cancel()
    latest.invalidate()
  })

  const pageLength = computed(() => query.value.pageLength)
  const doctype = (): string => query.value.doctype
  if (options.auto ?? true) void load()

  return reactive({
    doctype: computed(doctype),
    data, loading, error, fetched, hasNextPage, pageLength,
    start: computed(() => (pages.value - 1) * pageLength.value),
    hasPreviousPage: computed(() => pages.value > 1),
    reload: load,
    fetch: load,
    next: () => {
      if (!hasNextPage.value) return Promise.resolve(data.value)
      pages.value++
      return load()
    },
    previous: () => {
      if (pages.value <= 1) return Promise.resolve(data.value)
      pages.value--
      return load()
    },
    getRow: (name: string) => data.value?.find((row) => row['name'] === name),
    insert: action((values: Doc) => replica.db.createDoc(doctype(), values), options.insert),
    setValue: action(({ name, ...values }: { readonly name: string } & Doc) => replica.db.updateDoc(doctype(), name, values), options.setValue),
    delete: action(async (name: string) => {
      await replica.db.deleteDoc(doctype(), name)
    }, options.delete),
    dispose: () => life.dispose(),
  })
}
