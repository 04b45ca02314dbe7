import type { BaselineResult } from './browser-naive-baseline.ts'
import type { ListSamples, SaveSamples } from './browser-page-latency.ts'
import type { BootSplit } from './browser-page-timing.ts'

/** What the bench page offers the driver (`globalThis.outpostBench`), and what it answers. */
export interface PageConnection {
  /** The remote's site root: the page's own origin, which proxies /api/* to the server. */
  readonly token: string
  readonly doctypes: readonly string[]
  readonly pageSize: number
}

export interface BootResult {
  seconds: number
  docs: number
  counts: Record<string, number>
  doctypes: string[]
  split: BootSplit
}

export interface BenchPage {
  /** Boot a replica into the IndexedDB database `name` (deleted first); it stays open for saves and lists. */
  boot(name: string, c: PageConnection): Promise<BootResult>
  /** The naive baseline into its own database `name`, pulling `c.doctypes`. */
  baseline(name: string, c: PageConnection): Promise<BaselineResult>
  saves(count: number): Promise<SaveSamples>
  lists(count: number): Promise<ListSamples>
  /** Close the booted replica; `drop` deletes its database too. */
  closeReplica(drop: boolean): Promise<void>
  deleteDatabase(name: string): Promise<void>
}

export const PAGE_GLOBAL = 'outpostBench'
