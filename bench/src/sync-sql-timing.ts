import type { SqlDb, SqlTx } from '@outpost/server'
import { round } from './stats.ts'

interface SqlTiming { count: number; us: number; cpuUs: number }

const cpuNow = (): number => {
  const c = process.cpuUsage()
  return c.user + c.system
}

/**
 * Wall and CPU time per SQL text, for the push CPU probe (`sync-push-cpu.ts --sql`). CPU is the
 * whole process's (threads running meanwhile count too), and each reading is a system call:
 * compare statements with each other, not with the run's total.
 */
export class SqlTimes {
  readonly #times = new Map<string, SqlTiming>()

  timed<T>(sql: string, fn: () => T, t0 = process.hrtime.bigint(), c0 = cpuNow()): T {
    const out = fn()
    const t = this.#times.get(sql) ?? { count: 0, us: 0, cpuUs: 0 }
    t.count++
    t.us += Number(process.hrtime.bigint() - t0) / 1000
    t.cpuUs += cpuNow() - c0
    this.#times.set(sql, t)
    return out
  }

  clear(): void {
    this.#times.clear()
  }

  /** `db` with each statement's synchronous run (better-sqlite3 runs it before the promise) and each commit timed. */
  wrap(db: SqlDb): SqlDb {
    const tx = (inner: SqlTx): SqlTx => ({
      all: (sql, params) => this.timed(sql, () => inner.all(sql, params)),
      values: (sql, params) => this.timed(sql, () => inner.values(sql, params)),
      get: (sql, params) => this.timed(sql, () => inner.get(sql, params)),
      run: (sql, params) => this.timed(sql, () => inner.run(sql, params)),
      afterCommit: (fn) => inner.afterCommit(fn),
      savepoint: (fn) => inner.savepoint(fn),
    })
    return {
      dialect: db.dialect,
      // The commit (and its after-commit callbacks): from the end of `fn` to the transaction's end.
      transaction: async (fn, options) => {
        let end = 0n
        let cpu = 0
        const out = await db.transaction(async (inner) => {
          const value = await fn(tx(inner))
          end = process.hrtime.bigint()
          cpu = cpuNow()
          return value
        }, options)
        this.timed(options?.readOnly ? 'ROLLBACK (read-only)' : 'COMMIT', () => undefined, end, cpu)
        return out
      },
      exec: (sql) => db.exec(sql),
      close: () => db.close(),
    }
  }

  /** The statements by CPU per document, heaviest first. */
  print(docs: number): void {
    for (const [sql, t] of [...this.#times].sort((a, b) => b[1].cpuUs - a[1].cpuUs).slice(0, 25)) {
      console.log(`${String(round(t.cpuUs / docs, 1)).padStart(7)} us CPU/doc ${String(round(t.us / docs, 1)).padStart(7)} us/doc ${String(round(t.count / docs, 2)).padStart(6)}/doc  ${sql.slice(0, 140)}`)
    }
  }
}
