import type { MetaMigrationReport } from '../migrations/meta-migration.ts'
import type { ChangeEvent, RenameEvent } from '../replica-events.ts'
import type { ReplicaStatus, SyncFailure } from '../status.ts'
import type { SyncSummary } from '../sync/sync-run.ts'

/** What the leader shares of its status; counts come from the shared store in every tab. */
export type SharedStatus = Pick<ReplicaStatus, 'online' | 'authRequired' | 'lastSync' | 'progress' | 'syncFailure'>

/**
 * Everything tabs say to each other. `from` is the sender's tab id; `seq` numbers a sender's
 * messages 1, 2, 3…, so a tab that finds a number skipped knows it missed some (a frozen page
 * hears nothing). Tabs of an older version send none.
 */
export type TabMessage = Sequenced &
(
  | { readonly outpost: 1; readonly t: 'heartbeat'; readonly from: string }
  | { readonly outpost: 1; readonly t: 'hello'; readonly from: string }
  | { readonly outpost: 1; readonly t: 'here'; readonly from: string }
  | { readonly outpost: 1; readonly t: 'bye'; readonly from: string }
  | { readonly outpost: 1; readonly t: 'outbox'; readonly from: string }
  | { readonly outpost: 1; readonly t: 'change'; readonly from: string; readonly event: ChangeEvent }
  | { readonly outpost: 1; readonly t: 'rename'; readonly from: string; readonly event: RenameEvent }
  | { readonly outpost: 1; readonly t: 'migrated'; readonly from: string; readonly report: MetaMigrationReport }
  | { readonly outpost: 1; readonly t: 'status'; readonly from: string; readonly status: SharedStatus }
  | { readonly outpost: 1; readonly t: 'sync-request'; readonly from: string; readonly id: string; readonly phase: 'boot' | 'pull' }
  | { readonly outpost: 1; readonly t: 'synced'; readonly from: string; readonly id: string; readonly summary: SyncSummary }
  | { readonly outpost: 1; readonly t: 'sync-failed'; readonly from: string; readonly id: string; readonly failure: SyncFailure })

interface Sequenced { readonly seq?: number }

type Shape = Readonly<Record<string, unknown>>

const isObject = (v: unknown): v is Shape => typeof v === 'object' && v !== null && !Array.isArray(v)
const isString = (v: unknown): v is string => typeof v === 'string'

const BODY_CHECKS: Readonly<Record<TabMessage['t'], (m: Shape) => boolean>> = {
  heartbeat: () => true,
  hello: () => true,
  here: () => true,
  bye: () => true,
  outbox: () => true,
  change: (m) => isObject(m['event']) && isString(m['event']['doctype']) && isString(m['event']['name']),
  rename: (m) => isObject(m['event']) && isString(m['event']['doctype']) && isString(m['event']['from']) && isString(m['event']['to']),
  migrated: (m) => isObject(m['report']) && Array.isArray(m['report']['doctypes']),
  status: (m) => isObject(m['status']) && typeof m['status']['online'] === 'boolean',
  'sync-request': (m) => isString(m['id']) && (m['phase'] === 'boot' || m['phase'] === 'pull'),
  synced: (m) => isString(m['id']) && isObject(m['summary']),
  'sync-failed': (m) => isString(m['id']) && isObject(m['failure']) && isString(m['failure']['code']) && isString(m['failure']['message']),
}

/** A message from another tab, or `undefined` for anything that is not one of ours (or is malformed). */
export function readTabMessage(value: unknown): TabMessage | undefined {
  if (!isObject(value) || value['outpost'] !== 1 || !isString(value['from']) || !isString(value['t'])) return undefined
  const seq = value['seq']
  if (seq !== undefined && !(Number.isSafeInteger(seq) && (seq as number) > 0)) return undefined
  const check = BODY_CHECKS[value['t'] as TabMessage['t']] as ((m: Shape) => boolean) | undefined
  return check?.(value) ? (value as unknown as TabMessage) : undefined
}
