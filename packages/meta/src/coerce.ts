import { coerceFieldValue, typeError, type ValueContext } from './coerce-value.ts'
import type { DocField, DocType } from './doctype.ts'
import type { Doc } from './document.ts'
import { FrappeError } from './errors.ts'
import { describeValue } from './messages.ts'
import { copyJson, isPlainRecord, safeKeys, setOwn } from './safe-object.ts'
import type { Schema } from './schema.ts'

/**
 * Keys a document keeps although they are not DocFields: the standard columns
 * (frappe/model/__init__.py default_fields, child_table_fields, optional_fields), the desk's
 * `__islocal` / `__unsaved` / `__newname` (Prompt naming) flags, and Outpost's `outpost_id`.
 */
export const KEPT_STANDARD_FIELDS: readonly string[] = [
  'name', 'owner', 'creation', 'modified', 'modified_by', 'docstatus', 'idx',
  'parent', 'parentfield', 'parenttype', 'doctype',
  '__islocal', '__unsaved', '__newname',
  '_user_tags', '_comments', '_assign', '_liked_by', '_seen',
  'outpost_id',
]

const KEPT: ReadonlySet<string> = new Set(KEPT_STANDARD_FIELDS)
const INTEGER_STANDARD: ReadonlySet<string> = new Set(['docstatus', 'idx'])
const FLAG_STANDARD: ReadonlySet<string> = new Set(['__islocal', '__unsaved'])

export interface CoerceOptions {
  /** Keep keys that are neither DocFields nor standard fields (copied, not coerced). Default: drop them, as Frappe ignores them. */
  readonly allowUnknownFields?: boolean
}

function isKnownField(field: DocField | undefined): field is DocField {
  return field !== undefined && field.storage !== 'none'
}

/** Keys of `input` that `coerceDocument` drops: not a value or table field of `doctype`, not standard. */
export function unknownFields(doctype: DocType, input: Readonly<Record<string, unknown>>): string[] {
  return Object.keys(input).filter((key) => !isKnownField(doctype.field(key)) && !KEPT.has(key))
}

function coerceStandard(key: string, value: unknown, ctx: ValueContext): unknown {
  if (INTEGER_STANDARD.has(key)) {
    if (value === null || value === '') return 0
    const n = typeof value === 'string' && /^\s*-?\d+\s*$/.test(value) ? Number(value) : value
    if (typeof n === 'number' && Number.isSafeInteger(n)) return n
    throw typeError(key, ctx, 'a whole number', value)
  }
  if (FLAG_STANDARD.has(key)) {
    if (value === null || typeof value === 'boolean' || typeof value === 'number') return value
    throw typeError(key, ctx, '0 or 1', value)
  }
  if (value === null || typeof value === 'string') return value
  // Autoincrement names are numbers in Frappe; keep them as they came.
  if (key === 'name' && typeof value === 'number' && Number.isFinite(value)) return value
  throw typeError(key, ctx, 'text', value)
}

function coerceRows(schema: Schema, parentType: DocType, parent: Doc, field: DocField, value: unknown, options: CoerceOptions): Doc[] {
  if (value === null) return []
  if (!Array.isArray(value)) throw typeError(field.label, {}, 'a list of rows', value)
  const childType = schema.get(field.options)
  return value.map((raw: unknown, i) => {
    const prefix = `${field.label} Row #${i + 1}: `
    if (!isPlainRecord(raw)) throw new FrappeError('FrappeTypeError', `${prefix}a row must be an object, not ${describeValue(raw)}`)
    const row = childType
      ? coerceRecord(schema, childType, raw, options, { prefix })
      : copyUnknownRow(raw)
    setOwn(row, 'doctype', field.options)
    setOwn(row, 'parentfield', field.fieldname)
    setOwn(row, 'parenttype', parentType.name)
    setOwn(row, 'idx', i + 1)
    const parentName = parent['name']
    if ((typeof parentName === 'string' && parentName !== '') || typeof parentName === 'number') setOwn(row, 'parent', parentName)
    if (parent['docstatus'] !== undefined) setOwn(row, 'docstatus', parent['docstatus'])
    return row
  })
}

/** Rows of a child doctype that is not loaded: kept as plain data. */
function copyUnknownRow(raw: Readonly<Record<string, unknown>>): Doc {
  const out: Doc = {}
  for (const key of safeKeys(raw)) {
    const value = copyJson(raw[key])
    if (value !== undefined) setOwn(out, key, value)
  }
  return out
}

function coerceRecord(schema: Schema, doctype: DocType, input: Readonly<Record<string, unknown>>, options: CoerceOptions, ctx: ValueContext): Doc {
  const out: Doc = {}
  const tables: [DocField, unknown][] = []
  for (const key of safeKeys(input)) {
    const value = input[key]
    if (value === undefined || key === 'doctype') continue
    const field = doctype.field(key)
    if (isKnownField(field)) {
      if (field.storage === 'table') tables.push([field, value])
      else setOwn(out, key, coerceFieldValue(field, value, ctx))
    } else if (KEPT.has(key)) {
      setOwn(out, key, coerceStandard(key, value, ctx))
    } else if (options.allowUnknownFields === true) {
      const copy = copyJson(value)
      if (copy !== undefined) setOwn(out, key, copy)
    }
  }
  setOwn(out, 'doctype', doctype.name)
  // Tables last: rows take the parent's name and docstatus, wherever those keys came in the input.
  for (const [field, value] of tables) setOwn(out, field.fieldname, coerceRows(schema, doctype, out, field, value, options))
  return out
}

/**
 * A normalised copy of `input` for `doctype` (nothing is written to `input`):
 * - values coerced by storage kind (see coerce-value.ts), child tables recursively with their
 *   child doctype; every row gets `doctype`, `parentfield`, `parenttype`, `idx` = 1..n in array
 *   order, and the parent's `name` and `docstatus` when the parent has them;
 * - standard fields kept (`docstatus` and `idx` as integers), `doctype` set;
 * - unknown keys dropped (see `unknownFields`), unless `allowUnknownFields` is true;
 * - keys are defined on fresh objects, so `__proto__` / `constructor` in the input pollute nothing.
 * Throws FrappeError (FrappeTypeError / ValidationError) for values of the wrong type.
 */
export function coerceDocument(schema: Schema, doctype: DocType, input: Record<string, unknown>, options: CoerceOptions = {}): Doc {
  if (!isPlainRecord(input)) {
    throw new FrappeError('FrappeTypeError', `A ${doctype.name} document must be an object, not ${describeValue(input)}`)
  }
  return coerceRecord(schema, doctype, input, options, {})
}
