import { OutpostError, type Replica } from '@outpost/core'
import type { Doc } from '@outpost/meta'
import { computed, reactive, ref, shallowRef, toValue, watch, type MaybeRefOrGetter } from 'vue'
import { action, type Action, type ActionHooks } from './action.ts'
import { resolveConfig, type ResourceOptions } from './context.ts'
import { callHook, toOutpostError } from './errors.ts'
import { Lifetime } from './lifetime.ts'
import { coalesce, Latest } from './schedule.ts'

export interface UseDocOptions extends ResourceOptions {
  /** Load at once (default true). */
  readonly auto?: boolean
  readonly transform?: ((doc: Doc) => Doc) | undefined
  readonly onSuccess?: ((doc: Doc) => void) | undefined
  readonly onError?: ((error: OutpostError) => void) | undefined
  readonly setValue?: ActionHooks<Doc>
  readonly delete?: ActionHooks<void>
  readonly submit?: ActionHooks<Doc>
  readonly cancel?: ActionHooks<Doc>
}

/** One live document in frappe-ui's document resource shape. */
export interface DocResource {
  readonly doctype: string
  /**
   * The document's name now: it starts as the name given and follows a rename, so a document
   * opened by its temp name `new-…` shows its final name once the server has named it.
   */
  readonly name: string | null
  readonly doc: Doc | null
  readonly loading: boolean
  readonly error: OutpostError | null
  readonly fetched: boolean
  /** Read the document again; resolves to `doc`, never rejects (a failure lands in `error`). */
  reload(): Promise<Doc | null>
  /** `setValue.submit({ field: value })`: a local save, queued for the server. */
  readonly setValue: Action<[values: Doc], Doc>
  readonly delete: Action<[], void>
  /** The submittable's submit and cancel, as whitelisted doc methods on a frappe-ui resource. */
  readonly submit: Action<[], Doc>
  readonly cancel: Action<[], Doc>
  dispose(): void
}

interface DocState {
  readonly name: { value: string | null }
  readonly doc: { value: Doc | null }
  /** This resource deleted the document: reading it again finds nothing, and that is no error. */
  deleted: boolean
}

/** Writes go to the document's current name, and their answer becomes `doc` at once. */
function docActions(replica: Replica, doctype: () => string, state: DocState, options: UseDocOptions) {
  const target = (): string => {
    if (state.name.value === null) throw new OutpostError('INVALID_ARGUMENT', 'useDoc: no document name')
    return state.name.value
  }
  const show = (doc: Doc): Doc => (state.doc.value = options.transform ? options.transform(doc) : doc)
  return {
    setValue: action(async (values: Doc) => show(await replica.db.updateDoc(doctype(), target(), values)), options.setValue),
    delete: action(async () => {
      // Set first: the delete's own change event may re-read the document before it resolves.
      state.deleted = true
      try {
        await replica.db.deleteDoc(doctype(), target())
      } catch (e) {
        state.deleted = false
        throw e
      }
      state.doc.value = null
    }, options.delete),
    submit: action(async () => show(await replica.db.submitDoc(doctype(), target())), options.submit),
    cancel: action(async () => show(await replica.db.cancelDoc(doctype(), target())), options.cancel),
  }
}

/**
 * A document resource (frappe-ui's `createDocumentResource`) answered by the replica. It reads
 * again when `name` changes, when the document changes locally or from a pull, and after
 * renames; a rename of the document itself moves it to its new name.
 */
export function useDoc(doctype: MaybeRefOrGetter<string>, name: MaybeRefOrGetter<string | null | undefined>, options: UseDocOptions = {}): DocResource {
  const { replica, schedule } = resolveConfig(options)
  const life = new Lifetime()
  const currentDoctype = computed(() => toValue(doctype))
  const current = ref<string | null>(toValue(name) ?? null)
  const doc = shallowRef<Doc | null>(null)
  const loading = ref(false)
  const error = shallowRef<OutpostError | null>(null)
  const fetched = ref(false)
  const latest = new Latest()
  const state: DocState = { name: current, doc, deleted: false }
  let started = false

  const load = async (): Promise<Doc | null> => {
    started = true
    const fresh = latest.begin()
    const target = current.value
    if (target === null) {
      doc.value = null
      error.value = null
      loading.value = false
      return null
    }
    loading.value = true
    try {
      const found = await replica.db.getDoc(currentDoctype.value, target)
      if (fresh()) {
        doc.value = options.transform ? options.transform(found) : found
        error.value = null
        fetched.value = true
        callHook(options.onSuccess, doc.value)
      }
    } catch (e) {
      if (fresh()) {
        // A document deleted elsewhere is gone: `doc` empties and `error` says NOT_FOUND; one this
        // resource deleted is no error.
        doc.value = null
        const err = toOutpostError(e)
        const gone = state.deleted && err.code === 'NOT_FOUND'
        error.value = gone ? null : err
        if (!gone) callHook(options.onError, err)
      }
    } finally {
      if (fresh()) loading.value = false
    }
    return doc.value
  }

  const refresh = coalesce(schedule, () => void load())
  life.run(() => {
    watch([() => toValue(name) ?? null, currentDoctype], ([next]) => {
      current.value = next
      state.deleted = false
      if (started) refresh.poke()
    }, { flush: 'sync' })
  })
  life.listen(replica, 'change', (e) => {
    if (started && e.doctype === currentDoctype.value && e.name === current.value) refresh.poke()
  })
  life.listen(replica, 'rename', (e) => {
    if (e.doctype === currentDoctype.value && e.from === current.value) current.value = e.to
    // Any rename may rewrite a Link inside this document.
    if (started) refresh.poke()
  })
  life.listen(replica, 'stale', () => {
    if (started) refresh.poke()
  })
  life.onDispose(() => {
    refresh.cancel()
    latest.invalidate()
  })
  if (options.auto ?? true) void load()

  return reactive({
    doctype: currentDoctype,
    name: current,
    doc, loading, error, fetched,
    reload: load,
    ...docActions(replica, () => currentDoctype.value, state, options),
    dispose: () => life.dispose(),
  })
}
