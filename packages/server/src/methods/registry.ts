import { clientMethods } from './client-methods.ts'
import { deskMethods } from './desk-methods.ts'
import type { MethodRegistry, MethodSpec } from './method-spec.ts'

/** Every whitelisted method the server answers under /api/method/. */
export function defaultMethods(extra: Record<string, MethodSpec> = {}): MethodRegistry {
  return new Map(Object.entries({ ...clientMethods, ...deskMethods, ...extra }))
}
