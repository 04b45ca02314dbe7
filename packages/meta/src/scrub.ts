/** Frappe's `scrub`: "Sales Invoice" → "sales_invoice" (table and parent-field names). */
export function scrubName(text: string): string {
  return text.replaceAll(' ', '_').replaceAll('-', '_').toLowerCase()
}

/** Frappe's router slug: "Sales Invoice" → "sales-invoice" (URLs and temp names). */
export function slugName(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '')
}
