/**
 * How Frappe v15 names a new document (frappe/model/naming.py `set_new_name`,
 * `set_name_from_naming_options`, `_set_amended_name`, `validate_name`, and
 * `Document.set_new_name` in frappe/model/document.py), as a pure planner.
 *
 * `planName` says what the name is, or how the server will make it: a final name, a
 * counter draw on a series key, a database sequence, or a random hash. The caller owns
 * the counters, the sequence, the clock and the randomness.
 *
 * The order is Frappe's:
 *  1. Prompt with `__newname` → that name (validated).
 *  2. A client-sent `name` is dropped unless autoname is exactly "Prompt" (any case).
 *  3. autoname "autoincrement" (exact spelling) on a non-single → sequence.
 *  4. `amended_from` set → `<cancelled>-1`, or `<prefix>-<n+1>` when the cancelled document was an
 *     amendment itself; returned unvalidated, as Frappe returns early. ("Default Naming" skips this.)
 *     Else a single is named after its doctype.
 *  5. A Document Naming Rule or controller `autoname()` (passed in as `controllerName`).
 *  6. The meta autoname: `field:`, `naming_series:`, `Prompt`, `format:`, anything with `#`.
 *  7. Nothing yet → hash. This includes autoname "hash", no autoname, and child tables
 *     without autoname (child tables with an autoname follow it, as in Frappe).
 *  8. `validate_name`.
 *
 * What v15 does NOT do, and neither does this: apply the DocType's `name_case` (v15's
 * `validate_name` has no case argument; see applyNameCase in naming-validate.ts),
 * and know about controller naming that the meta cannot show (ERPNext Customer names by
 * `customer_name` by default although its autoname is `naming_series:`; Item may switch to a
 * naming series; Account, Warehouse, Address have no autoname but a controller). Pass
 * `controllerName` when the caller knows the controller's answer.
 */
import type { DocType } from './doctype.ts'
import { FrappeError } from './errors.ts'
import { parseNamingSeries, parseSeriesParts, renderSeries, type NamingClock, type ParsedSeries, type SeriesEvalOptions } from './naming-series.ts'
import { cintBig, pyStr, pyStrip, pyTruthy, pyZeroPad } from './naming-text.ts'
import { validateName } from './naming-validate.ts'
import { CHILD_FIELDS, STANDARD_FIELDS } from './schema.ts'
import { derivedOnce } from './derived-meta.ts'
import { setOwn } from './safe-object.ts'

export type FinalNameRule = 'prompt' | 'field' | 'format' | 'series' | 'amended' | 'single' | 'controller'
export type SeriesNameRule = 'naming_series' | 'series' | 'format'

export type NamePlan =
  /** The name is known now. */
  | { readonly kind: 'final'; readonly name: string; readonly rule: FinalNameRule }
  /**
   * Draw `draws` consecutive values from the counter `key` (locked, in the insert's
   * transaction) and call `format` with the first. `format` applies `validate_name` and may
   * throw FrappeError. `draws` is 1 except for `format:` autonames with several `{#}` groups,
   * each of which takes the next value. `namingSeries` is the series used by
   * `naming_series:`, which Frappe also stores in `doc.naming_series` when it was empty.
   */
  | {
    readonly kind: 'series'
    readonly rule: SeriesNameRule
    readonly key: string
    readonly draws: number
    readonly format: (counter: number) => string
    readonly namingSeries?: string
  }
  /** `frappe.db.get_next_sequence_val(doctype)`: an integer name, consumed even if the insert fails. */
  | { readonly kind: 'autoincrement' }
  /** A random 10-character name: see makeHashName. */
  | { readonly kind: 'hash' }

/** Amended Document Naming Settings (per doctype) or Document Naming Settings `default_amend_naming`. */
export type AmendNaming = 'Amend Counter' | 'Default Naming'

/** What Frappe looks up about `doc.amended_from` (the cancelled document) in the database. */
export interface AmendedFromFacts {
  /** Whether the cancelled document has `amended_from` set itself (is an amendment). */
  readonly isAmendment: boolean
  /** Default 'Amend Counter'. 'Default Naming' names the amendment like any new document. */
  readonly naming?: AmendNaming
}

export interface PlanNameOptions extends SeriesEvalOptions {
  /** Required when `doc.amended_from` is set. */
  readonly amendedFrom?: AmendedFromFacts
  /** The name a Document Naming Rule or the controller's `autoname()` sets, when the caller knows it. */
  readonly controllerName?: string
}

/** Columns every document has (frappe/model/__init__.py `default_fields`, which counts `doctype`). */
const DEFAULT_FIELDS = ['doctype', ...STANDARD_FIELDS] as const

/** Labels Frappe's `Meta.get_label` gives standard columns. */
const DEFAULT_FIELD_LABELS: Readonly<Record<string, string>> = {
  name: 'ID', creation: 'Created On', docstatus: 'Document Status', idx: 'Index',
  modified: 'Last Updated On', modified_by: 'Last Updated By', owner: 'Created By',
  _user_tags: 'Tags', _liked_by: 'Liked By', _comments: 'Comments', _assign: 'Assigned To',
}

const skeletons = new WeakMap<DocType, Readonly<Record<string, unknown>>>()

/** Every column of the doctype as a key, in `namingView`'s order, all null (tables get their list per document). */
function namingSkeleton(doctype: DocType): Readonly<Record<string, unknown>> {
  return derivedOnce(skeletons, doctype, (d) => {
    const entries: [string, unknown][] = []
    for (const f of d.valueFields) entries.push([f.fieldname, null])
    for (const f of d.tableFields) entries.push([f.fieldname, null])
    for (const k of DEFAULT_FIELDS) entries.push([k, null])
    if (d.istable) for (const k of CHILD_FIELDS) entries.push([k, null])
    return Object.freeze(Object.fromEntries(entries))
  })
}

/**
 * The document as Frappe's naming code sees it: every column of the doctype is a key
 * (None when unset, tables as lists, docstatus and idx 0), so a series part equal to any
 * fieldname renders that field, empty when unset. `name` is cleared unless Prompt.
 */
function namingView(doctype: DocType, doc: Readonly<Record<string, unknown>>, keepName: boolean): Readonly<Record<string, unknown>> {
  // Spread defines keys (never assigns them): a copy of the per-DocType skeleton is cheap.
  const view: Record<string, unknown> = { ...namingSkeleton(doctype) }
  for (const f of doctype.tableFields) setOwn(view, f.fieldname, [])
  for (const k of Object.keys(doc)) setOwn(view, k, doc[k])
  setOwn(view, 'doctype', doctype.name)
  if (!keepName) view['name'] = null
  if (view['docstatus'] === null || view['docstatus'] === undefined) view['docstatus'] = 0
  if (view['idx'] === null || view['idx'] === undefined) view['idx'] = 0
  return view
}

function fieldLabel(doctype: DocType, fieldname: string): string {
  const f = doctype.field(fieldname)
  if (f !== undefined) return pyStr(f.raw['label'] ?? 'None')
  return DEFAULT_FIELD_LABELS[fieldname] ?? 'No Label'
}

/** The options of the doctype's `naming_series` field, split on newlines (Meta.get_naming_series_options). */
export function namingSeriesOptions(doctype: DocType): string[] {
  const f = doctype.field('naming_series')
  return f === undefined ? [] : f.options.split('\n')
}

/** The first non-empty naming series option (Frappe's `get_default_naming_series`). */
export function defaultNamingSeries(doctype: DocType): string | undefined {
  return namingSeriesOptions(doctype).find((o) => o !== '')
}

const final = (name: string, rule: FinalNameRule): NamePlan => ({ kind: 'final', name, rule })

function checkName(doctype: DocType, value: unknown): string {
  if (typeof value === 'number' || typeof value === 'bigint') {
    if (!pyTruthy(value)) throw new FrappeError('ValidationError', `No Name Specified for ${doctype.name}`)
    throw new FrappeError('NameError', 'Invalid name type (integer) for varchar name column')
  }
  if (value !== undefined && value !== null && typeof value !== 'string') {
    throw new FrappeError('NameError', `Invalid name type (${Array.isArray(value) ? 'list' : typeof value}) for varchar name column`)
  }
  return validateName(doctype.name, value ?? '', { issingle: doctype.issingle })
}

function seriesPlan(
  doctype: DocType,
  parsed: ParsedSeries,
  view: Readonly<Record<string, unknown>>,
  clock: NamingClock,
  options: SeriesEvalOptions,
  rule: SeriesNameRule,
  namingSeries?: string,
): NamePlan {
  const r = renderSeries(parsed, view, clock, options)
  if (!parsed.hasCounter) return final(checkName(doctype, r.before + r.after), 'series')
  return {
    kind: 'series',
    rule,
    key: r.before,
    draws: 1,
    format: (counter) => checkName(doctype, r.before + pyZeroPad(counter, r.width) + r.after),
    ...(namingSeries === undefined ? {} : { namingSeries }),
  }
}

/** Frappe's braced-parameter pattern for `format:` autonames: `(\{[\w | #]+\})`. */
const BRACED_PARAM = /\{[\p{L}\p{N}_ |#]+\}/gu

/** What follows `format:` in an autoname. */
function formatBody(autoname: string): string {
  return autoname.slice(autoname.indexOf(':') + 1)
}

/**
 * `format:` autonames: every `{param}` is evaluated as a one-part series. A `{#…}` param
 * draws from the counter whose key is the empty string: in v15 each call of
 * `parse_naming_series([param])` starts with an empty prefix, so every `format:` doctype
 * shares that one counter (frappe/frappe#25753).
 */
function formatPlan(doctype: DocType, autoname: string, view: Readonly<Record<string, unknown>>, clock: NamingClock, options: SeriesEvalOptions): NamePlan {
  const body = formatBody(autoname)
  const pieces: (string | number)[] = [] // literal text, or the width of a counter slot
  let last = 0
  for (const m of body.matchAll(BRACED_PARAM)) {
    pieces.push(body.slice(last, m.index))
    last = m.index + m[0].length
    const parsed = parseSeriesParts(m[0], [m[0].slice(1, -1)])
    if (parsed.hasCounter) pieces.push(parsed.counterWidth)
    else { const r = renderSeries(parsed, view, clock, options); pieces.push(r.before + r.after) }
  }
  pieces.push(body.slice(last))
  const draws = pieces.filter((p) => typeof p === 'number').length
  const build = (counter: number): string => {
    let i = 0
    return pieces.map((p) => (typeof p === 'number' ? pyZeroPad(counter + i++, p) : p)).join('')
  }
  if (draws === 0) return final(checkName(doctype, build(0)), 'format')
  return { kind: 'series', rule: 'format', key: '', draws, format: (counter) => checkName(doctype, build(counter)) }
}

function fromNamingOptions(doctype: DocType, autoname: string, view: Readonly<Record<string, unknown>>, clock: NamingClock, options: SeriesEvalOptions): NamePlan | undefined {
  const lower = autoname.toLowerCase()
  if (lower.startsWith('field:')) {
    const fieldname = autoname.slice(6)
    const name = pyStrip(pyStr(view[fieldname]))
    if (name === '') throw new FrappeError('ValidationError', `${fieldLabel(doctype, fieldname)} is required`)
    return final(checkName(doctype, name), 'field')
  }
  if (lower.startsWith('naming_series:')) {
    const own = view['naming_series']
    const series = pyTruthy(own) ? own : defaultNamingSeries(doctype)
    if (series === undefined) throw new FrappeError('ValidationError', 'Naming Series mandatory')
    if (typeof series !== 'string') throw new FrappeError('InvalidNamingSeriesError', `Invalid naming series ${pyStr(series)}`)
    return seriesPlan(doctype, parseNamingSeries(`${series}.#####`), view, clock, options, 'naming_series', series)
  }
  if (lower.startsWith('prompt')) throw new FrappeError('ValidationError', 'Please set the document name')
  if (lower.startsWith('format:')) return formatPlan(doctype, autoname, view, clock, options)
  if (autoname.includes('#')) return seriesPlan(doctype, parseNamingSeries(autoname), view, clock, options, 'series')
  return undefined
}

/** Plan the name of a new document; see the module comment for the rules and their order. */
export function planName(doctype: DocType, doc: Readonly<Record<string, unknown>>, clock: NamingClock, options: PlanNameOptions = {}): NamePlan {
  const autoname = doctype.autoname ?? ''
  const isPrompt = autoname.toLowerCase() === 'prompt'
  if (isPrompt && pyTruthy(doc['__newname'])) return final(checkName(doctype, doc['__newname']), 'prompt')

  const view = namingView(doctype, doc, isPrompt)
  let name: unknown = view['name']
  let rule: FinalNameRule = 'prompt'

  if (!doctype.issingle && autoname === 'autoincrement') return { kind: 'autoincrement' }

  const amendedFrom = view['amended_from']
  if (pyTruthy(amendedFrom)) {
    const facts = options.amendedFrom
    if (facts === undefined) throw new TypeError('planName: doc.amended_from is set; pass options.amendedFrom (whether that document is an amendment itself)')
    if ((facts.naming ?? 'Amend Counter') !== 'Default Naming') {
      name = amendedName(pyStr(amendedFrom), facts.isAmendment)
      rule = 'amended'
    }
    if (pyTruthy(name)) return final(pyStr(name), rule)
  } else if (doctype.issingle) {
    name = doctype.name
    rule = 'single'
  }

  if (!pyTruthy(name) && options.controllerName !== undefined && options.controllerName !== '') {
    name = options.controllerName
    rule = 'controller'
  }
  if (!pyTruthy(name) && autoname !== '') {
    const plan = fromNamingOptions(doctype, autoname, view, clock, options)
    if (plan !== undefined) return plan
  }
  if (!pyTruthy(name)) return { kind: 'hash' }
  return final(checkName(doctype, name), rule)
}

/**
 * Frappe's `_set_amended_name`. When the cancelled document is not an amendment:
 * `X` → `X-1`. When it is: the text after the last `-` is read with `cint` and
 * incremented, the rest kept: `X-1` → `X-2`, `SINV-0001-3` → `SINV-0001-4`. Whether it is
 * an amendment comes from the database in Frappe (its `amended_from`), never from the
 * shape of the name: `SINV-2026-00001` → `SINV-2026-00001-1`. Pass a boolean, or a lookup
 * that answers "does this document have amended_from set?".
 */
export function amendedName(cancelledName: string, cancelledIsAmendment: boolean | ((name: string) => boolean)): string {
  const isAmendment = typeof cancelledIsAmendment === 'function' ? cancelledIsAmendment(cancelledName) : cancelledIsAmendment
  if (!isAmendment) return `${cancelledName}-1`
  const cut = cancelledName.lastIndexOf('-')
  const prefix = cut < 0 ? '' : cancelledName.slice(0, cut)
  return `${prefix}-${(cintBig(cancelledName.slice(cut + 1)) + 1n).toString()}`
}

/**
 * True when the meta alone fixes the final name from the document: `field:`, `Prompt`,
 * `format:` without a `{#…}` counter, a `#` autoname whose series has no counter part, and
 * singles. Date parts in a `format:` are taken from the clock given to planName, while the
 * server uses its own time at insert: a name computed offline near midnight or month end
 * can differ from the server's. Site settings and controllers can still override this
 * (see the module comment); false means the server must name the document.
 */
export function canComputeNameOffline(doctype: DocType): boolean {
  if (doctype.issingle) return true
  const autoname = doctype.autoname ?? ''
  const lower = autoname.toLowerCase()
  if (lower.startsWith('field:') || lower === 'prompt') return true
  if (lower.startsWith('format:')) {
    return ![...formatBody(autoname).matchAll(BRACED_PARAM)].some((m) => m[0].startsWith('{#'))
  }
  if (lower.startsWith('naming_series:') || lower.startsWith('prompt') || !autoname.includes('#')) return false
  try {
    return !parseNamingSeries(autoname).hasCounter
  } catch {
    return false
  }
}
