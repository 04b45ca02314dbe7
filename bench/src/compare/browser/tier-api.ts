import type { ListResult } from '../client-api.ts'

/**
 * What the browser tier's page offers (tier-page.ts) and answers, shared with the Node side
 * (browser-tier.ts). The page compiles without DOM typings: what it needs of the browser is
 * typed where it is used.
 */
export const TIER_GLOBAL = 'compareTier'
export const TIER_SYSTEMS = ['outpost', 'rxdb'] as const
export type TierSystem = (typeof TIER_SYSTEMS)[number]

export interface TierBoot {
  readonly seconds: number
  readonly docs: number
  /** The page's JavaScript heap at its highest while booting (IndexedDB's own memory is in the browser process). */
  readonly peak_heap_mb: number
}


export interface TierConnection {
  readonly token: string
  readonly doctypes: readonly string[]
  readonly batchSize: number
}

export interface TierPage {
  /** S1 into a fresh IndexedDB database `name`: Outpost's replica, or RxDB on its Dexie storage. */
  boot(system: TierSystem, name: string, c: TierConnection): Promise<TierBoot>
  /** S3 on the booted database, as the Node tier runs it (list-runs.ts). */
  list(system: TierSystem, customers: readonly string[], runs: number): Promise<ListResult>
  /** Close the open database and delete it. */
  drop(system: TierSystem): Promise<void>
}
