import { slugName } from '@outpost/meta'

/** A DocType's route segment, as Frappe's desk writes it: `Sales Invoice` → `sales-invoice`. */
export const doctypeSlug = (doctype: string): string => slugName(doctype)

/** The DocType of a route segment among the ones the replica knows. */
export function doctypeFromSlug(slug: string, doctypes: readonly string[]): string | undefined {
  const wanted = slug.toLowerCase()
  return doctypes.find((d) => doctypeSlug(d) === wanted || d.toLowerCase() === wanted)
}

export const listRoute = (doctype: string): string => `/app/${doctypeSlug(doctype)}`
export const formRoute = (doctype: string, name: string): string => `/app/${doctypeSlug(doctype)}/${encodeURIComponent(name)}`
