import type { Doc } from '@outpost/meta'

type Evaluator = (doc: Doc, parent: Doc) => unknown

const compiled = new Map<string, Evaluator | null>()

function compile(code: string): Evaluator | null {
  let fn = compiled.get(code)
  if (fn === undefined) {
    try {
      // Frappe's desk evaluates `eval:` expressions as JavaScript with `doc` (and `parent`) in
      // scope; meta is the site's own configuration, as trusted as the app's code.
      fn = new Function('doc', 'parent', `"use strict"; return (${code});`) as Evaluator
    } catch {
      fn = null
    }
    compiled.set(code, fn)
  }
  return fn
}

/**
 * Frappe's `depends_on` / `read_only_depends_on` / `mandatory_depends_on`: `eval:<js>` run
 * against the document, or a field name whose value must be truthy (an empty list is false).
 * No expression is true; an expression that fails to parse or throws counts as true, so a
 * field is never hidden by a typo (Frappe logs it and shows the field too).
 */
export function dependsOn(expression: string | undefined, doc: Doc, parent: Doc = doc): boolean {
  if (expression === undefined || expression.trim() === '') return true
  const text = expression.trim()
  if (text.startsWith('eval:')) {
    const fn = compile(text.slice(5))
    if (!fn) return true
    try {
      return Boolean(fn(doc, parent))
    } catch {
      return true
    }
  }
  const value = doc[text] ?? parent[text]
  return Array.isArray(value) ? value.length > 0 : Boolean(value)
}
