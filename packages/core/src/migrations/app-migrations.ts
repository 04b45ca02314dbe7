import type { ReplicaContext } from '../context.ts'
import { OutpostError } from '../errors.ts'
import { migrationContext, type AppMigrationReport, type MigrationContext } from './migration-context.ts'

/** A named change of the app's local data format, run once, in order, and recorded. */
export interface AppMigration {
  readonly name: string
  up(ctx: MigrationContext): void | Promise<void>
}

/** A migration that ran, as recorded in the store. */
export interface AppliedMigration {
  readonly name: string
  readonly at: number
  readonly report: AppMigrationReport
}

export interface FailedMigration {
  readonly name: string
  readonly message: string
  readonly error: unknown
}

/** Pending migrations run together: all were applied (or, in a dry run, would be), or none was. */
export type AppMigrationRun =
  | { readonly ok: true; readonly reports: readonly AppMigrationReport[] }
  | { readonly ok: false; readonly failed: FailedMigration; readonly reports: readonly AppMigrationReport[] }

const APPLIED_PREFIX = 'migration:'

/** Names present, unique and non-empty; `up` a function. Throws INVALID_ARGUMENT otherwise. */
export function checkMigrations(migrations: unknown): readonly AppMigration[] {
  if (migrations === undefined) return []
  if (!Array.isArray(migrations)) throw new OutpostError('INVALID_ARGUMENT', 'migrations must be a list of { name, up }')
  const names = new Set<string>()
  for (const [i, m] of migrations.entries()) {
    const { name, up } = (m ?? {}) as { name?: unknown; up?: unknown }
    if (typeof name !== 'string' || name.trim() === '') throw new OutpostError('INVALID_ARGUMENT', `migrations[${String(i)}] needs a name`)
    if (typeof up !== 'function') throw new OutpostError('INVALID_ARGUMENT', `Migration ${name} needs an up(ctx) function`)
    if (names.has(name)) throw new OutpostError('INVALID_ARGUMENT', `Two migrations are named ${name}: names must be unique, as each runs once`)
    names.add(name)
  }
  return migrations as readonly AppMigration[]
}

export async function listApplied(ctx: ReplicaContext): Promise<AppliedMigration[]> {
  const rows = await ctx.store.read((tx) => tx.listRecords<AppliedMigration>('state', { prefix: APPLIED_PREFIX }))
  return rows.map((r) => r.value).sort((a, b) => a.at - b.at)
}

export async function pendingMigrations(ctx: ReplicaContext, migrations: readonly AppMigration[]): Promise<AppMigration[]> {
  const applied = new Set((await listApplied(ctx)).map((a) => a.name))
  return migrations.filter((m) => !applied.has(m.name))
}

/** Thrown inside the transaction to roll it back: a failure, or the end of a dry run. */
class RollBack extends Error {
  constructor(readonly failed: FailedMigration | undefined) {
    super(failed?.message ?? 'dry run')
  }
}

const messageOf = (e: unknown): string => (e instanceof Error ? e.message : String(e))

/**
 * Run the pending migrations, in order, in ONE store write: each one's `up` and the record that
 * it ran. If one throws, the transaction rolls back and the data is exactly as before; the
 * failure is answered, never thrown, so the replica keeps working on its old data. A dry run
 * runs them the same way and rolls back at the end.
 */
export async function runAppMigrations(ctx: ReplicaContext, migrations: readonly AppMigration[], dryRun: boolean): Promise<AppMigrationRun> {
  const pending = await pendingMigrations(ctx, migrations)
  const reports: AppMigrationReport[] = []
  if (pending.length === 0) return { ok: true, reports }
  try {
    await ctx.store.write(async (tx) => {
      for (const m of pending) {
        const run = migrationContext(tx, ctx.schema, m.name, dryRun)
        try {
          await m.up(run.ctx)
        } catch (e) {
          reports.push(run.report())
          throw new RollBack({ name: m.name, message: `Migration ${m.name} failed: ${messageOf(e)}`, error: e })
        }
        const report = run.report()
        reports.push(report)
        await tx.putRecord('state', APPLIED_PREFIX + m.name, { name: m.name, at: ctx.env.now(), report } satisfies AppliedMigration)
      }
      if (dryRun) throw new RollBack(undefined)
    })
  } catch (e) {
    if (!(e instanceof RollBack)) return { ok: false, failed: { name: pending[reports.length - 1]?.name ?? pending[0]!.name, message: `Migrations could not be saved: ${messageOf(e)}`, error: e }, reports }
    if (e.failed) return { ok: false, failed: e.failed, reports }
  }
  return { ok: true, reports }
}
