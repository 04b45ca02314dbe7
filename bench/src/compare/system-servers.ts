import type { SystemName } from './compare-config.ts'
import type { Dataset } from './dataset.ts'
import { startOutpostServer } from './servers/outpost-server.ts'
import type { SystemServer } from './servers/server-api.ts'

/** The server each system's client talks to, started over a fresh copy of its data for one run. */
export async function startSystemServer(system: SystemName, dataset: Dataset, dir: string): Promise<SystemServer> {
  switch (system) {
    case 'outpost':
    case 'outpost-rest':
    case 'naive':
      return startOutpostServer(dataset, dir)
    case 'pouchdb': return (await import('./servers/pouch-server.ts')).startPouchServer(dataset, dir)
    case 'replicache': return (await import('./servers/sqlite-peer-server.ts')).startSqlitePeerServer('replicache', dataset, dir)
    case 'rxdb': return (await import('./servers/sqlite-peer-server.ts')).startSqlitePeerServer('rxdb', dataset, dir)
  }
}
