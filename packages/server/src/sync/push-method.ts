import { sessionUser } from '../http/execute.ts'
import type { MethodAnswer, MethodCall } from '../methods/method-spec.ts'
import { parsePushArgs } from './push-args.ts'
import { pushBatch } from './push-batch.ts'

/**
 * `outpost.sync.push`: `{"mutations": [...]}` → `{"message": {"results": [...]}}`, one result
 * per mutation, in order. A malformed batch is refused as a whole before anything is applied.
 */
export async function handlePush(call: MethodCall): Promise<MethodAnswer> {
  const user = await sessionUser(call.site, call.caller, call.allowGuest)
  const mutations = parsePushArgs(call.args)
  const answers = await pushBatch(call.site, user, mutations)
  return { json: `{"message":{"results":[${answers.map((a) => a.json).join(',')}]}}` }
}
