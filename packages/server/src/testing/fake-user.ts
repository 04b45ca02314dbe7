import type { UserContext } from '../permissions/user-context.ts'

/**
 * A UserContext without a database. `allowed` maps an allowed doctype (or
 * `"<allowed doctype>|<for doctype>"`, which wins) to the values the user may see.
 */
export function fakeUser(name: string, roles: readonly string[], allowed: Readonly<Record<string, readonly string[]>> = {}): UserContext {
  return {
    name,
    roles: new Set(['All', 'Guest', ...roles]),
    isAdmin: name === 'Administrator',
    restrictedDoctypes: new Set(Object.keys(allowed).map((k) => k.split('|')[0] ?? k)),
    allowedValues(allowedDoctype, forDoctype) {
      const values = allowed[`${allowedDoctype}|${forDoctype}`] ?? allowed[allowedDoctype]
      return values ? new Set(values) : undefined
    },
  }
}
