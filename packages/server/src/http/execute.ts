import type { RequestContext, Site } from '../context.ts'
import { authenticate } from '../auth/authenticate.ts'
import { GUEST, loadUserContext } from '../permissions/user-context.ts'
import type { SqlTx } from '../db/sql-db.ts'

export interface Caller {
  readonly authorization: string | undefined
  readonly sid: string | undefined
  /** Set when a `sid` named no live session: the response says `session_expired`, as Frappe's. */
  readonly flags?: { sessionExpired: boolean }
}

/** One request = one transaction, as Frappe: writes commit on success, GETs always roll back. */
export function execute<T>(site: Site, caller: Caller, readOnly: boolean, fn: (ctx: RequestContext) => Promise<T>): Promise<T> {
  return site.db.transaction(async (tx: SqlTx) => {
    const user = await authenticate(tx, caller, site.clock.now())
    if (caller.flags && caller.sid && caller.sid !== GUEST && !caller.authorization && user === GUEST) caller.flags.sessionExpired = true
    const ctx: RequestContext = { site, tx, user: await loadUserContext(tx, site.schema, user), now: () => site.clock.now() }
    return fn(ctx)
  }, { readOnly })
}
