import type { ReplicaContext } from '../context.ts'
import type { RenamedFields } from './field-changes.ts'
import { getMetaVersion, META_CHECK, META_CHECK_DUE, putMetaVersion, versionOf } from './meta-records.ts'
import { migrateMeta, type MetaMigrationReport } from './meta-migration.ts'

export interface MetaWatchOptions {
  /** Re-read the server's meta when the last check is older than this (ms). */
  readonly everyMs: number
  readonly renames: RenamedFields
}

/** Meta re-read every 10 minutes by default (and after every reconnect, and when a page reports a new version). */
export const DEFAULT_META_CHECK_MS = 10 * 60_000

export type MetaCheckOutcome =
  | { readonly kind: 'checked'; readonly report: MetaMigrationReport }
  | { readonly kind: 'offline' | 'auth' }

/**
 * Notices that the server's meta changed and migrates local data to it: before a sync pushes
 * anything (when a check is due: never checked, the last one older than `everyMs`, the sync
 * before could not reach the server, or a page reported a version it could not follow up),
 * and while pulling, when a page reports a DocType version other than the one the local data
 * was written with (the migration runs before that page is applied).
 */
export class MetaWatch {
  #wasOffline = false

  constructor(private readonly ctx: ReplicaContext, private readonly synced: readonly string[], private readonly options: MetaWatchOptions) {}

  /** The replica opened; `fresh`: its meta was just read from the server. */
  async opened(fresh: boolean): Promise<void> {
    if (fresh) await this.ctx.store.write((tx) => tx.putRecord('state', META_CHECK, { at: this.ctx.env.now() }))
  }

  async #due(): Promise<boolean> {
    if (this.#wasOffline) return true
    const { last, forced } = await this.ctx.store.read(async (tx) => ({
      last: await tx.getRecord<{ at: number }>('state', META_CHECK),
      forced: await tx.getRecord<boolean>('state', META_CHECK_DUE),
    }))
    return forced === true || last === undefined || this.ctx.env.now() - last.at >= this.options.everyMs
  }

  /** Before pushing: check when due. `offline` / `auth`: the server could not be asked, so nothing is pushed either. */
  async beforeSync(): Promise<'ok' | 'offline' | 'auth'> {
    if (!(await this.#due())) return 'ok'
    const outcome = await this.check(false)
    if (outcome.kind !== 'checked') this.#wasOffline = true
    return outcome.kind === 'checked' ? 'ok' : outcome.kind
  }

  /** A sync ended; one that could not reach the server makes the next one check first. */
  afterSync(reached: boolean): void {
    this.#wasOffline = !reached
  }

  /** A pull page of `doctype` says the server's meta is at `version`. */
  async pageVersion(doctype: string, version: string): Promise<void> {
    const known = await this.ctx.store.read((tx) => getMetaVersion(tx, doctype))
    if (known && (known.version === version || known.reported === version)) return
    if (!known && versionOf(await this.ctx.store.read((tx) => tx.getRecord<unknown>('meta', doctype))) === version) {
      // data written before versions were recorded, with this very meta
      await this.ctx.store.write((tx) => putMetaVersion(tx, doctype, { version, at: this.ctx.env.now() }))
      return
    }
    const outcome = await this.check(false, [doctype])
    await this.ctx.store.write(async (tx) => {
      if (outcome.kind !== 'checked') return tx.putRecord('state', META_CHECK_DUE, true)
      const now = await getMetaVersion(tx, doctype)
      if (now && now.version !== version) await putMetaVersion(tx, doctype, { ...now, reported: version })
    })
  }

  /**
   * Read the server's meta of `doctypes` (each with its child tables) and migrate local data to
   * it (a dry run keeps nothing). A DocType the server refuses to describe keeps its local meta.
   */
  async check(dryRun: boolean, doctypes: readonly string[] = this.synced): Promise<MetaCheckOutcome> {
    const fresh = new Map<string, unknown>()
    for (const d of doctypes) {
      const result = await this.ctx.remote.getDocTypes(d)
      if (result.kind === 'offline' || result.kind === 'auth') return { kind: result.kind }
      if (result.kind !== 'ok') continue
      for (const json of result.value) {
        const name = (json as { name?: unknown } | null)?.name
        if (typeof name === 'string') fresh.set(name, json)
      }
    }
    const result = await migrateMeta(this.ctx, fresh, { renames: this.options.renames, dryRun })
    if (dryRun) return { kind: 'checked', report: result.report }
    if (doctypes === this.synced) {
      await this.ctx.store.write(async (tx) => {
        await tx.putRecord('state', META_CHECK, { at: this.ctx.env.now() })
        await tx.deleteRecord('state', META_CHECK_DUE)
      })
    }
    if (result.schema) {
      // the store lays out columns and indexes for the new meta (a crash before this: the next open does it)
      await this.ctx.store.open(result.schema)
      this.ctx.schema = result.schema
    }
    for (const t of result.touched) this.ctx.events.emit('change', { doctype: t.doctype, name: t.name, origin: 'remote', doc: t.doc })
    if (result.report.doctypes.length > 0) this.ctx.events.emit('migrated', result.report)
    return { kind: 'checked', report: result.report }
  }
}

const watches = new WeakMap<ReplicaContext, MetaWatch>()

/** The sync path finds the replica's watch here (none: meta is never re-read, as in bare engine tests). */
export function metaWatchOf(ctx: ReplicaContext): MetaWatch | undefined {
  return watches.get(ctx)
}

export function watchMeta(ctx: ReplicaContext, synced: readonly string[], options: MetaWatchOptions): MetaWatch {
  const watch = new MetaWatch(ctx, synced, options)
  watches.set(ctx, watch)
  return watch
}
