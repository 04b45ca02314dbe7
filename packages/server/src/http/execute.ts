import { FrappeError } from '@outpost/meta'
import type { RequestContext, Site } from '../context.ts'
import { authenticate } from '../auth/authenticate.ts'
import { GUEST, loadUserContext, type UserContext } from '../permissions/user-context.ts'
import type { SqlTx } from '../db/sql-db.ts'
import { cachingTx, ReadCache } from '../documents/read-cache.ts'

export interface Caller {
  readonly authorization: string | undefined
  readonly sid: string | undefined
  /** Set when a `sid` named no live session: the response says `session_expired`, as Frappe's. */
  readonly flags?: { sessionExpired: boolean }
}

/** A request's context over `tx`, with a read cache that the transaction's writes keep true. */
function requestContext(site: Site, tx: SqlTx, user: UserContext): RequestContext {
  const readCache = new ReadCache(site.schema)
  return { site, tx: cachingTx(tx, readCache), user, now: () => site.clock.now(), readCache }
}

/** One request = one transaction, as Frappe: writes commit on success, GETs always roll back. */
export function execute<T>(site: Site, caller: Caller, readOnly: boolean, fn: (ctx: RequestContext) => Promise<T>): Promise<T> {
  return site.db.transaction(async (tx: SqlTx) => {
    const user = await authenticate(tx, caller, site.clock.now())
    if (caller.flags && caller.sid && caller.sid !== GUEST && !caller.authorization && user === GUEST) caller.flags.sessionExpired = true
    return fn(requestContext(site, tx, await loadUserContext(tx, site.schema, user)))
  }, { readOnly })
}

/**
 * The caller's user, authenticated in a read-only transaction of its own: for methods that
 * open several transactions (the sync protocol). Guest is refused unless `allowGuest`.
 */
export async function sessionUser(site: Site, caller: Caller, allowGuest = false): Promise<UserContext> {
  const user = await execute(site, caller, true, async (ctx) => ctx.user)
  if (!allowGuest && user.name === GUEST) throw new FrappeError('PermissionError', 'Not permitted')
  return user
}

/** One transaction for a user authenticated earlier (see `sessionUser`). */
export function asUser<T>(site: Site, user: UserContext, readOnly: boolean, fn: (ctx: RequestContext) => Promise<T>): Promise<T> {
  return site.db.transaction((tx) => fn(requestContext(site, tx, user)), { readOnly })
}
