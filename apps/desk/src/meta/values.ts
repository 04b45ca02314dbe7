import type { DocField } from '@outpost/meta'

const NUMERIC = new Set(['Int', 'Float', 'Currency', 'Percent', 'Rating'])

export const isNumeric = (field: DocField): boolean => NUMERIC.has(field.fieldtype)

/** Digits after the point: the field's precision, else 2 for money and percentages (Frappe's defaults). */
export function precisionOf(field: DocField): number | undefined {
  if (field.precision !== undefined && /^\d+$/.test(field.precision)) return Number(field.precision)
  if (field.fieldtype === 'Currency' || field.fieldtype === 'Percent') return 2
  if (field.fieldtype === 'Int') return 0
  return undefined
}

/** Frappe's `flt(value, precision)`: a number, rounded half away from zero. */
export function roundTo(value: number, precision: number | undefined): number {
  if (precision === undefined || !Number.isFinite(value)) return value
  const f = 10 ** precision
  const r = Math.round(Math.abs(value) * f + 1e-9) / f
  return value < 0 ? -r : r
}

/** What an input's text means for the document: numbers for numeric fields, `null` for empty. */
export function parseInput(field: DocField, text: string): unknown {
  if (isNumeric(field)) {
    const t = text.trim().replace(/,/g, '')
    if (t === '') return field.fieldtype === 'Int' ? 0 : 0
    const n = Number(t)
    if (!Number.isFinite(n)) return text
    return field.fieldtype === 'Int' ? Math.trunc(n) : n
  }
  if (field.fieldtype === 'Datetime') return text === '' ? null : `${text.replace('T', ' ')}${text.length === 16 ? ':00' : ''}`
  return text === '' && (field.fieldtype === 'Date' || field.fieldtype === 'Link' || field.fieldtype === 'Dynamic Link') ? null : text
}

/** The text an input shows for a stored value. */
export function inputText(field: DocField, value: unknown): string {
  if (value === null || value === undefined) return ''
  if (field.fieldtype === 'Datetime') return String(value).replace(' ', 'T').slice(0, 19)
  if (field.fieldtype === 'Currency' || field.fieldtype === 'Float' || field.fieldtype === 'Percent') {
    const p = precisionOf(field)
    return typeof value === 'number' && p !== undefined ? value.toFixed(p) : String(value)
  }
  return String(value)
}

const money = new Map<number, Intl.NumberFormat>()

/** A value as a list or a read-only field shows it. */
export function displayValue(field: DocField, value: unknown): string {
  if (value === null || value === undefined || value === '') return ''
  if (field.fieldtype === 'Check') return Number(value) ? 'Yes' : 'No'
  if (isNumeric(field) && typeof value === 'number') {
    const p = precisionOf(field) ?? 3
    let f = money.get(p)
    if (!f) money.set(p, (f = new Intl.NumberFormat('en-US', { minimumFractionDigits: field.fieldtype === 'Float' ? 0 : p, maximumFractionDigits: p })))
    return f.format(value)
  }
  if (field.fieldtype === 'Datetime') return String(value).slice(0, 19)
  return String(value)
}
