import { FrappeError } from '@outpost/meta'
import type { SqlTx } from '../db/sql-db.ts'
import { foldNocase } from '../storage/identifiers.ts'
import type { PushMutation } from './push-args.ts'

/**
 * Accepted push results (their JSON) by mutation id, stored in the transaction that applied the mutation:
 * a repeated mutation id answers the stored result and applies nothing. Refusals are not
 * stored, so a mutation fixed and sent again is judged again.
 */

interface StoredRow extends Record<string, string> {
  readonly user: string
  readonly result: string
}

function answerFor(row: StoredRow, mutationId: string, user: string): string {
  // A mutation id is a client's random id: another user's answer is never handed out.
  if (foldNocase(row.user) !== foldNocase(user)) throw new FrappeError('PermissionError', `Mutation ${mutationId} was sent by another user`, { title: 'Not Permitted' })
  return row.result
}

/** How many mutation ids one read asks for: about the mutations a group applies next. */
const READ_AHEAD = 32

/**
 * `storedResult` for the mutations of one transaction, asked in order: one query reads the
 * results of the next READ_AHEAD ids instead of one query per mutation. The transaction's
 * own stores are remembered (`remember`), so what it answers is what the database holds.
 */
export class StoredResults {
  readonly #rows = new Map<string, StoredRow | null>()

  constructor(private readonly tx: SqlTx, private readonly user: string) {}

  /** The stored result of `ids[i]`, reading ahead through the ids after it. */
  async get(ids: readonly string[], i: number): Promise<string | undefined> {
    const id = ids[i]!
    if (!this.#rows.has(id)) await this.#readAhead(ids, i)
    const row = this.#rows.get(id)
    return row ? answerFor(row, id, this.user) : undefined
  }

  /** A result this transaction stored (after its savepoint, if any, was released). */
  remember(mutationId: string, json: string): void {
    this.#rows.set(mutationId, { user: this.user, result: json })
  }

  async #readAhead(ids: readonly string[], from: number): Promise<void> {
    const part = new Set<string>()
    for (let i = from; i < ids.length && part.size < READ_AHEAD; i++) if (!this.#rows.has(ids[i]!)) part.add(ids[i]!)
    const wanted = [...part]
    const rows = await this.tx.all<StoredRow & { mutation_id: string }>(
      `SELECT "mutation_id", "user", "result" FROM "__outpost_mutation" WHERE "mutation_id" IN (${wanted.map(() => '?').join(', ')})`, wanted)
    for (const id of wanted) this.#rows.set(id, null)
    for (const r of rows) this.#rows.set(r.mutation_id, { user: r.user, result: r.result })
  }
}

/**
 * A stored answer, handed back for `m` only if it answered the same change: its document has
 * `m`'s DocType and client id. A client that reused an id for another change (a copied store,
 * a broken id source) gets a refusal, never another document's answer to apply as its own.
 */
export function storedAnswerFor(m: PushMutation, json: string): string {
  const doc = (JSON.parse(json) as { doc?: Record<string, unknown> }).doc
  if (!doc) return json
  const otherDocType = doc['doctype'] !== undefined && doc['doctype'] !== m.doctype
  const otherDocument = m.outpostId !== undefined && doc['outpost_id'] !== undefined && doc['outpost_id'] !== m.outpostId
  if (otherDocType || otherDocument) {
    throw new FrappeError('ValidationError', `Mutation ${m.mutationId} was already used for another change (${String(doc['doctype'])} ${String(doc['name'])}): send this change with an id of its own`)
  }
  return json
}

/** Store an accepted result, serialized as it is answered. */
export async function storeResult(tx: SqlTx, mutationId: string, user: string, json: string, now: string): Promise<void> {
  await tx.run(`INSERT INTO "__outpost_mutation" ("mutation_id", "user", "result", "created") VALUES (?, ?, ?, ?)`, [mutationId, user, json, now])
}
