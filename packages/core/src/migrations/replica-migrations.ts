import type { ReplicaContext } from '../context.ts'
import { OutpostError } from '../errors.ts'
import { listApplied, pendingMigrations, runAppMigrations, type AppliedMigration, type AppMigration, type AppMigrationRun } from './app-migrations.ts'
import type { AppMigrationReport } from './migration-context.ts'
import { listMetaVersions, META_CHECK, META_MIGRATION_PREFIX } from './meta-records.ts'
import type { MetaMigrationReport } from './meta-migration.ts'
import type { MetaWatch } from './meta-watch.ts'
import { FORMAT_RECORD } from './replica-format.ts'

export interface MigrationStatus {
  /** The replica format of the store's records. */
  readonly format: number | undefined
  /** Per DocType, the meta version its local data was written with. */
  readonly meta: readonly { readonly doctype: string; readonly version: string; readonly at: number }[]
  /** When the server's meta was last compared with the local one (epoch ms). */
  readonly lastMetaCheck: number | undefined
  /** Every meta migration so far, oldest first. */
  readonly metaMigrations: readonly MetaMigrationReport[]
  readonly applied: readonly AppliedMigration[]
  /** App migrations not run yet, in the order they will run. */
  readonly pending: readonly string[]
  /** The last attempt to run them failed: nothing of it was kept. */
  readonly failed: { readonly name: string; readonly message: string } | undefined
}

export interface MigrationDryRun {
  /** What the pending app migrations would change. */
  readonly app: AppMigrationRun
  /** What re-reading the server's meta now would change; undefined when not asked or the server can't be reached. */
  readonly meta: MetaMigrationReport | undefined
}

/** `replica.migrations`: the local data's versions, app migrations and meta checks. */
export interface ReplicaMigrations {
  status(): Promise<MigrationStatus>
  /** Run everything pending in a transaction that is rolled back: what would change. `meta: true` also asks the server. */
  dryRun(options?: { readonly meta?: boolean }): Promise<MigrationDryRun>
  /** Run pending app migrations now; throws MIGRATION_FAILED (nothing kept) when one throws. */
  run(): Promise<readonly AppMigrationReport[]>
  /** Re-read the server's meta now and migrate local data to it; throws OFFLINE or AUTH_REQUIRED. */
  checkMeta(): Promise<MetaMigrationReport>
}

function failure(run: Extract<AppMigrationRun, { ok: false }>): OutpostError {
  return new OutpostError('MIGRATION_FAILED', run.failed.message, { cause: run.failed.error })
}

/**
 * App migrations run when the replica opens (unless `runNow` is false): pending ones in one transaction. A failure keeps
 * the old data as it was and the replica usable; `status().failed` tells it, `run()` tries again.
 */
export async function openMigrations(ctx: ReplicaContext, migrations: readonly AppMigration[], meta: MetaWatch, runNow: boolean): Promise<ReplicaMigrations> {
  let failed: MigrationStatus['failed']
  const run = async (): Promise<AppMigrationRun> => {
    const outcome = await runAppMigrations(ctx, migrations, false)
    failed = outcome.ok ? undefined : { name: outcome.failed.name, message: outcome.failed.message }
    return outcome
  }
  if (runNow) await run()
  return {
    async status() {
      const applied = await listApplied(ctx)
      const pending = (await pendingMigrations(ctx, migrations)).map((m) => m.name)
      return ctx.store.read(async (tx) => ({
        format: await tx.getRecord<number>('state', FORMAT_RECORD),
        meta: (await listMetaVersions(tx)).map((v) => ({ doctype: v.doctype, version: v.version.version, at: v.version.at })),
        lastMetaCheck: (await tx.getRecord<{ at: number }>('state', META_CHECK))?.at,
        metaMigrations: (await tx.listRecords<MetaMigrationReport>('state', { prefix: META_MIGRATION_PREFIX })).map((r) => r.value),
        applied, pending, failed,
      }))
    },
    async dryRun(options = {}) {
      const app = await runAppMigrations(ctx, migrations, true)
      const checked = options.meta === true ? await meta.check(true) : undefined
      return { app, meta: checked?.kind === 'checked' ? checked.report : undefined }
    },
    async run() {
      const outcome = await run()
      if (!outcome.ok) throw failure(outcome)
      return outcome.reports
    },
    async checkMeta() {
      const outcome = await meta.check(false)
      if (outcome.kind === 'checked') return outcome.report
      throw outcome.kind === 'auth'
        ? new OutpostError('AUTH_REQUIRED', 'The server asks for a login before its meta can be read', { retryable: true })
        : new OutpostError('OFFLINE', 'The server cannot be reached to read its meta', { retryable: true })
    },
  }
}
