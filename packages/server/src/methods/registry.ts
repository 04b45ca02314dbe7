import { clientMethods } from './client-methods.ts'
import { deskMethods } from './desk-methods.ts'
import type { MethodRegistry, MethodSpec } from './method-spec.ts'
import { syncMethods } from '../sync/sync-methods.ts'

/** Every whitelisted method the server answers under /api/method/, the sync protocol's included. */
export function defaultMethods(extra: Record<string, MethodSpec> = {}): MethodRegistry {
  return new Map(Object.entries({ ...clientMethods, ...deskMethods, ...syncMethods, ...extra }))
}
