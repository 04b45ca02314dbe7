/** Quote an SQL identifier. Names come from meta, but are still checked: no quote can break out. */
export function quoteIdent(name: string): string {
  if (name.includes('"') || name.includes('\0')) throw new Error(`Unsafe SQL identifier: ${JSON.stringify(name)}`)
  return `"${name}"`
}

/** Frappe's table naming: `tab` + DocType name. */
export function tableName(doctype: string): string {
  return quoteIdent(`tab${doctype}`)
}

const NON_ASCII = /[\u0080-\uffff]/

/** A text as SQLite's NOCASE collation compares it: ASCII letters folded, nothing else. */
export function foldNocase(text: string): string {
  return NON_ASCII.test(text) ? text.replace(/[A-Z]+/g, (s) => s.toLowerCase()) : text.toLowerCase()
}
