import { copyFileSync, existsSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import type { Dataset } from '../dataset.ts'
import { benchCall, randomPort, runPeerScript, startPeerProcess } from './peer-process.ts'
import type { ServerView, SystemServer } from './server-api.ts'
import type { PeerProtocol } from './sqlite-peer-store.ts'

/** The bench's better-sqlite3 server for Replicache or RxDB, over a fresh copy of its filled file. */
export async function startSqlitePeerServer(protocol: PeerProtocol, dataset: Dataset, dir: string): Promise<SystemServer> {
  const template = join(dataset.dir, `${protocol}-template.db`)
  if (!existsSync(`${template}.ready`)) {
    rmSync(template, { force: true })
    console.log(`${protocol}: loading the dataset into its server's SQLite file (once per dataset) ...`)
    await runPeerScript('./sqlite-peer-server-child.ts', ['--load', dataset.dataPath, '--db', template, '--protocol', protocol, '--doctypes', JSON.stringify(dataset.facts.doctypes)])
    copyFileSync(join(dataset.dir, 'facts.json'), `${template}.ready`)
  }
  const db = join(dir, `${protocol}.db`)
  copyFileSync(template, db)
  const server = await startPeerProcess('./sqlite-peer-server-child.ts', ['--db', db, '--protocol', protocol, '--port', String(randomPort())])
  return {
    url: server.url,
    pid: server.child.pid,
    async change(changed, deleted) {
      await benchCall(server.url, '/bench/change', { changed, deleted })
    },
    verify: (tag, po) => benchCall<ServerView>(server.url, `/bench/verify?${new URLSearchParams({ tag, po })}`),
    stop: () => server.stop(),
  }
}
