import { linkCheckFields } from './derived-meta.ts'
import { docParts, type DocPart } from './doc-parts.ts'
import type { DocField, DocType } from './doctype.ts'
import { FrappeError } from './errors.ts'
import { pyStr } from './messages.ts'
import { setOwn } from './safe-object.ts'
import type { Schema } from './schema.ts'
import type { ValidationResolvers } from './validate-resolvers.ts'

/** One non-empty Link / Dynamic Link value to look up. */
interface LinkCheck {
  readonly part: DocPart
  readonly field: DocField
  readonly target: DocType
  readonly value: unknown
}

interface Found {
  readonly name: string
  readonly docstatus: number
}

/** The label Frappe's `meta.get_label` gives a fieldname. */
function labelOf(doctype: DocType, fieldname: string): string {
  return doctype.field(fieldname)?.label ?? fieldname
}

/** base_document.py get_invalid_links get_msg: "{Label}: {value}" or "Row #{idx}: {Label}: {value}". */
function linkMessage(check: LinkCheck): string {
  const text = `${check.field.label}: ${pyStr(check.value)}`
  return check.part.row ? `Row #${check.part.row.idx}: ${text}` : text
}

/** The doctype a link points at, or undefined when that doctype is not loaded (kept as data). */
function targetOf(schema: Schema, part: DocPart, field: DocField): DocType | undefined {
  if (field.fieldtype === 'Link') {
    if (field.options === '') throw new FrappeError('ValidationError', `Options not set for link field ${field.fieldname}`)
    return schema.get(field.options)
  }
  const doctypeName = part.doc[field.options]
  if (!doctypeName) throw new FrappeError('ValidationError', `${labelOf(part.doctype, field.options)} must be set first`)
  return schema.find(String(doctypeName))
}

function collectChecks(schema: Schema, parts: readonly DocPart[]): LinkCheck[] {
  const checks: LinkCheck[] = []
  for (const part of parts) {
    for (const field of linkCheckFields(part.doctype)) {
      const value = part.doc[field.fieldname]
      if (!value) continue
      const target = targetOf(schema, part, field)
      if (target) checks.push({ part, field, target, value })
    }
  }
  return checks
}

/**
 * The (doctype, name) pairs validateLinks would ask `resolveLink` for, without asking: a caller
 * that reads from a store with round trips can ask for them early, beside its other reads.
 * A document that validateLinks would refuse before any lookup gives what it can.
 */
export function linkLookups(schema: Schema, doctype: DocType, doc: Record<string, unknown>): { doctype: string; name: string }[] {
  const out: { doctype: string; name: string }[] = []
  for (const part of docParts(schema, doctype, doc)) {
    for (const field of linkCheckFields(part.doctype)) {
      const value = part.doc[field.fieldname]
      if (!value) continue
      let target: DocType | undefined
      try {
        target = targetOf(schema, part, field)
      } catch {
        continue
      }
      if (target && !target.issingle) out.push({ doctype: target.name, name: String(value) })
    }
  }
  return out
}

/**
 * Look each distinct (doctype, name) up once; a Single resolves to its own name without a
 * lookup, and what `knownLink` answers needs no lookup either.
 */
async function lookUp(checks: readonly LinkCheck[], resolvers: ValidationResolvers): Promise<(Found | undefined)[]> {
  const found: (Found | undefined)[] = new Array<Found | undefined>(checks.length)
  let pending: Map<string, Promise<Found | undefined>> | undefined
  const waits: Promise<void>[] = []
  checks.forEach((check, i) => {
    if (check.target.issingle) {
      found[i] = { name: check.target.name, docstatus: 0 }
      return
    }
    const name = String(check.value)
    const known = resolvers.knownLink?.(check.target.name, name)
    if (known !== undefined) {
      found[i] = known ?? undefined
      return
    }
    const key = `${check.target.name}\u0000${name}`
    pending ??= new Map()
    let answer = pending.get(key)
    if (!answer) {
      answer = resolvers.resolveLink(check.target.name, name)
      pending.set(key, answer)
    }
    waits.push(answer.then((hit) => {
      found[i] = hit
    }))
  })
  if (waits.length > 0) await Promise.all(waits)
  return found
}

/**
 * document.py _validate_links (not run on cancel; the caller decides): every non-empty Link
 * and Dynamic Link of the parent and its rows must exist. Values are replaced in place by the
 * stored spelling. Links to doctypes that are not loaded are not checked. A cancelled target
 * is refused when the parent doctype and the target doctype are both submittable
 * (`amended_from` exempt).
 * Throws ValidationError ("{label} must be set first"), LinkValidationError ("Could not find
 * …") or CancelledLinkError ("Cannot link cancelled document: …").
 */
export async function validateLinks(schema: Schema, doctype: DocType, doc: Record<string, unknown>, resolvers: ValidationResolvers): Promise<void> {
  return validatePartLinks(schema, doctype, docParts(schema, doctype, doc), resolvers)
}

/** validateLinks over the document's parts (see docParts), for a caller that has them already. */
export async function validatePartLinks(schema: Schema, doctype: DocType, parts: readonly DocPart[], resolvers: ValidationResolvers): Promise<void> {
  const checks = collectChecks(schema, parts)
  const found = await lookUp(checks, resolvers)
  const invalid: string[] = []
  const cancelled: string[] = []
  checks.forEach((check, i) => {
    const hit = found[i]
    if (!hit) {
      invalid.push(linkMessage(check))
      return
    }
    setOwn(check.part.doc, check.field.fieldname, hit.name)
    const submittable = doctype.isSubmittable || check.part.doctype.isSubmittable
    if (check.field.fieldname !== 'amended_from' && submittable && check.target.isSubmittable && hit.docstatus === 2) {
      cancelled.push(linkMessage(check))
    }
  })
  if (invalid.length > 0) throw new FrappeError('LinkValidationError', `Could not find ${invalid.join(', ')}`)
  if (cancelled.length > 0) throw new FrappeError('CancelledLinkError', `Cannot link cancelled document: ${cancelled.join(', ')}`)
}
