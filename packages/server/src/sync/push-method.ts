import { Readable } from 'node:stream'
import { sessionUser } from '../http/execute.ts'
import type { MethodAnswer, MethodCall } from '../methods/method-spec.ts'
import { parsePushArgs } from './push-args.ts'
import { pushBatch, type PushAnswer } from './push-batch.ts'

/**
 * Results per piece of the answer. A batch's answer is megabytes of JSON (every accepted
 * document): sent in pieces, it is never one string nor one buffer, whose fresh memory costs
 * more than writing it.
 */
const RESULTS_PER_PIECE = 16

/** `{"message":{"results":[...]}}`, piece by piece. */
function* answerPieces(answers: readonly PushAnswer[]): Generator<string> {
  yield '{"message":{"results":['
  for (let i = 0; i < answers.length; i += RESULTS_PER_PIECE) {
    const piece = answers.slice(i, i + RESULTS_PER_PIECE).map((a) => a.json).join(',')
    yield i === 0 ? piece : `,${piece}`
  }
  yield ']}}'
}

/**
 * `outpost.sync.push`: `{"mutations": [...]}` → `{"message": {"results": [...]}}`, one result
 * per mutation, in order. A malformed batch is refused as a whole before anything is applied.
 * The answer is sent once every mutation is applied and committed.
 */
export async function handlePush(call: MethodCall): Promise<MethodAnswer> {
  const user = await sessionUser(call.site, call.caller, call.allowGuest)
  const mutations = parsePushArgs(call.args)
  const answers = await pushBatch(call.site, user, mutations)
  return { stream: Readable.from(answerPieces(answers)), contentType: 'application/json; charset=utf-8' }
}
