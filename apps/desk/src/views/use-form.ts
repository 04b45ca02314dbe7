import { OutpostError, type Replica, type SyncErrorEntry } from '@outpost/core'
import { Schema, type Doc, type DocType } from '@outpost/meta'
import { useDoc } from '@outpost/vue'
import { computed, onUnmounted, ref, shallowRef, toRaw, watch, type Ref } from 'vue'
import { changedFields, newDraft, newRow } from '../meta/draft.ts'
import { fetchedValues } from '../meta/fetch-from.ts'
import { fieldErrorMap } from '../meta/field-errors.ts'
import { DESK_HOOKS } from '../session/desk-doctypes.ts'
import { takeHandOff } from './form-handoff.ts'

/** Documents are JSON; a deep copy also drops the reactive proxies a draft's rows carry. */
const clone = (doc: Doc): Doc => JSON.parse(JSON.stringify(toRaw(doc))) as Doc

/** The schema a form needs: its DocType and the child tables it holds. */
function formSchema(replica: Replica, meta: DocType): Schema {
  return new Schema([meta, ...meta.tableFields.map((f) => replica.meta(f.options)).filter((d): d is DocType => d !== undefined)])
}

/**
 * A form's state: the saved document (live, following renames), the draft being edited with
 * the client hooks run on every change, field errors from local validation and from the
 * server's refusals, and the actions.
 */
export function useForm(replica: Replica, user: string, meta: DocType, initialName: string | undefined) {
  const schema = formSchema(replica, meta)
  const name = ref<string | undefined>(initialName)
  const resource = useDoc(meta.name, () => name.value ?? null)
  const draft: Ref<Doc> = ref(initialName === undefined ? recompute(takeHandOff(meta.name) ?? newDraft(schema, meta, user)) : {})
  const localErrors = shallowRef<readonly { fieldname: string | undefined; row: number | undefined; message: string }[]>([])
  const banner = ref<string | undefined>(undefined)
  const busy = ref(false)
  const syncErrors = shallowRef<SyncErrorEntry[]>([])

  function recompute(doc: Doc): Doc {
    const out = clone(doc)
    DESK_HOOKS[meta.name]?.(out, { doctype: meta, schema, previous: resource?.doc ?? undefined })
    return out
  }

  const saved = computed(() => resource.doc)
  const isNew = computed(() => name.value === undefined)
  const dirty = computed(() => isNew.value || (saved.value !== null && Object.keys(changedFields(draft.value, saved.value)).length > 0))

  // A saved document that changes (a pull, a rename, our own save) replaces a draft with no edits.
  watch(saved, (doc, previous) => {
    if (!doc) return
    const edited = previous && Object.keys(changedFields(draft.value, previous)).length > 0
    if (!edited || Object.keys(draft.value).length === 0) draft.value = clone(doc)
  }, { immediate: true })

  async function readSyncErrors(): Promise<void> {
    const current = resource.name ?? name.value
    syncErrors.value = current === undefined ? [] : (await replica.errors.list()).filter((e) => e.doctype === meta.name && e.name === current)
  }
  const offStatus = replica.on('status', () => void readSyncErrors())
  watch(() => resource.name, () => void readSyncErrors(), { immediate: true })
  onUnmounted(offStatus)

  const read = (d: string, n: string): Promise<Doc | undefined> => replica.db.getDoc(d, n).catch(() => undefined)

  /** A field changed: the draft follows at once (hooks included); `fetch_from` values follow when read. */
  async function set(fieldname: string, value: unknown): Promise<void> {
    const before = draft.value
    const after = { ...before, [fieldname]: value }
    draft.value = recompute(after)
    const fetched = await fetchedValues(meta, before, after, read)
    if (Object.keys(fetched).length > 0) draft.value = recompute({ ...draft.value, ...fetched })
  }

  async function setRows(table: string, rows: Doc[]): Promise<void> {
    const child = schema.get(meta.field(table)?.options ?? '')
    const before = Array.isArray(draft.value[table]) ? (draft.value[table] as Doc[]) : []
    draft.value = recompute({ ...draft.value, [table]: rows })
    if (!child) return
    const fetched = await Promise.all(rows.map((r, i) => fetchedValues(child, before[i] ?? {}, r, read)))
    if (fetched.every((f) => Object.keys(f).length === 0)) return
    const current = Array.isArray(draft.value[table]) ? (draft.value[table] as Doc[]) : []
    draft.value = recompute({ ...draft.value, [table]: current.map((r, i) => ({ ...r, ...(rows[i] && r['name'] === rows[i]['name'] ? fetched[i] : {}) })) })
  }

  function addRow(table: string): void {
    const child = schema.get(meta.field(table)?.options ?? '')
    if (!child) return
    const rows = Array.isArray(draft.value[table]) ? (draft.value[table] as Doc[]) : []
    draft.value = recompute({ ...draft.value, [table]: [...rows, newRow(schema, child, user, rows.length + 1)] })
  }

  /** Run a local write; a refusal from meta rules lands next to its fields. */
  async function attempt(work: () => Promise<void>): Promise<boolean> {
    busy.value = true
    banner.value = undefined
    try {
      await work()
      localErrors.value = []
      return true
    } catch (e) {
      const err = e instanceof OutpostError ? e : new OutpostError('INVALID_ARGUMENT', e instanceof Error ? e.message : String(e))
      localErrors.value = err.fields.length > 0 ? err.fields : [{ fieldname: undefined, row: undefined, message: err.message }]
      banner.value = err.message
      return false
    } finally {
      busy.value = false
    }
  }

  /** Save: insert or update; a document the server refused is sent again with the fix. */
  const save = (): Promise<boolean> => attempt(async () => {
    if (isNew.value) {
      const created = await replica.db.createDoc(meta.name, clone(draft.value))
      draft.value = clone(created)
      name.value = String(created['name'])
      return
    }
    const current = resource.name ?? name.value!
    const patch = changedFields(draft.value, saved.value ?? {})
    if (Object.keys(patch).length > 0) draft.value = clone(await replica.db.updateDoc(meta.name, current, patch))
    for (const entry of syncErrors.value) await replica.errors.retry(entry.id)
    await readSyncErrors()
  })

  const docAction = (run: (doctype: string, name: string) => Promise<Doc>) => attempt(async () => {
    draft.value = clone(await run(meta.name, resource.name ?? name.value!))
  })

  const fieldErrors = computed(() => {
    const server = syncErrors.value.flatMap((e) => e.messages.length > 0 ? e.messages : [e.message]).map((message) => ({ fieldname: undefined, row: undefined, message }))
    return fieldErrorMap(schema, meta, [...localErrors.value, ...server])
  })

  return {
    schema, resource, draft, dirty, isNew, busy, banner, syncErrors, fieldErrors,
    currentName: computed(() => resource.name ?? name.value),
    set, setRows, addRow, save,
    submit: () => docAction((d, n) => replica.db.submitDoc(d, n)),
    cancel: () => docAction((d, n) => replica.db.cancelDoc(d, n)),
    remove: () => attempt(async () => {
      await replica.db.deleteDoc(meta.name, resource.name ?? name.value!)
    }),
    discardError: async (id: string) => {
      await replica.errors.discard(id)
      await readSyncErrors()
    },
  }
}
