import type { DemoSize } from '@outpost/server'

/** The DocTypes every system boots; the masters they link to come along (see dataset.ts). */
export const BOOT_DOCTYPES = ['Customer', 'Item', 'Sales Invoice'] as const
export const INVOICE = 'Sales Invoice'
export const CUSTOMER = 'Customer'
/** The seed `outpost serve --demo` generates the demo site with. */
export const DEMO_SEED = 42

/** Scenario sizes per demo size: S2 offline invoices, S4 server changes and deletions, S5 invoices. */
export interface ScenarioSizes {
  readonly offlineInvoices: number
  readonly changes: number
  readonly deletions: number
  readonly rejectionInvoices: number
  /** S3: warm runs per query. */
  readonly listRuns: number
}

export const SCENARIO_SIZES: Readonly<Record<DemoSize, ScenarioSizes>> = {
  small: { offlineInvoices: 100, changes: 10, deletions: 2, rejectionInvoices: 100, listRuns: 100 },
  medium: { offlineInvoices: 2000, changes: 200, deletions: 20, rejectionInvoices: 500, listRuns: 100 },
  large: { offlineInvoices: 10_000, changes: 1000, deletions: 100, rejectionInvoices: 1000, listRuns: 100 },
}

/** Documents per pull answer or replication batch, the same for every system that pages. */
export const BATCH_SIZE = 1000

export const SYSTEMS = ['outpost', 'outpost-rest', 'naive', 'pouchdb', 'replicache', 'rxdb'] as const
export type SystemName = (typeof SYSTEMS)[number]

export const SCENARIOS = ['S1 boot', 'S2 offline push', 'S3 list view', 'S4 catch-up', 'S5 rejection'] as const
export type ScenarioName = (typeof SCENARIOS)[number]

export function isSystem(s: string): s is SystemName {
  return (SYSTEMS as readonly string[]).includes(s)
}
