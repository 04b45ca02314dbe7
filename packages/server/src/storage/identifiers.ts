/** Quote an SQL identifier. Names come from meta, but are still checked: no quote can break out. */
export function quoteIdent(name: string): string {
  if (name.includes('"') || name.includes('\0')) throw new Error(`Unsafe SQL identifier: ${JSON.stringify(name)}`)
  return `"${name}"`
}

/** Frappe's table naming: `tab` + DocType name. */
export function tableName(doctype: string): string {
  return quoteIdent(`tab${doctype}`)
}
