import type { TestProject } from 'vitest/node'
import { startTestCluster, type TestCluster } from './postgres-cluster.ts'

declare module 'vitest' {
  export interface ProvidedContext {
    /** The test run's PostgreSQL cluster (its `postgres` database). */
    postgresUrl: string
  }
}

let cluster: TestCluster | undefined

/** One PostgreSQL cluster for the whole `postgres` project; each site gets a database of its own. */
export async function setup(project: TestProject): Promise<void> {
  cluster = await startTestCluster()
  project.provide('postgresUrl', cluster.url)
}

export function teardown(): void {
  cluster?.stop()
  cluster = undefined
}
