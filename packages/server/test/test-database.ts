import { inject } from 'vitest'
import { createTestDatabase } from './postgres-cluster.ts'

/** Which database the suites run on: the `postgres` vitest project sets OUTPOST_TEST_DB=postgres. */
export function testBackend(): 'sqlite' | 'postgres' {
  return process.env['OUTPOST_TEST_DB'] === 'postgres' ? 'postgres' : 'sqlite'
}

/**
 * Where a test site keeps its data: a fresh PostgreSQL database, or the SQLite path given.
 * OUTPOST_TEST_PG_WRITES=concurrent runs PostgreSQL writers side by side (not one at a time).
 */
export async function testDatabase(sqlitePath = ':memory:'): Promise<{ dbUrl: string; dbSerialWrites: boolean } | { dbPath: string }> {
  if (testBackend() === 'sqlite') return { dbPath: sqlitePath }
  return { dbUrl: await createTestDatabase(inject('postgresUrl')), dbSerialWrites: process.env['OUTPOST_TEST_PG_WRITES'] !== 'concurrent' }
}
