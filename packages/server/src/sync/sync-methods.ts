import type { MethodSpec } from '../methods/method-spec.ts'
import { handlePull } from './pull-method.ts'
import { handlePush } from './push-method.ts'

/** The Outpost sync protocol's two methods (docs/sync-protocol.md). */
export const syncMethods: Record<string, MethodSpec> = {
  'outpost.sync.pull': { methods: ['GET', 'POST'], handle: handlePull },
  'outpost.sync.push': { methods: ['POST'], handle: handlePush },
}
