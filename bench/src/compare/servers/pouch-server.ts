import { cpSync, existsSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import type { Dataset } from '../dataset.ts'
import { benchCall, randomPort, runPeerScript, startPeerProcess } from './peer-process.ts'
import type { ServerView, SystemServer } from './server-api.ts'

/** express-pouchdb over a fresh copy of the dataset's leveldb database (filled once per dataset). */
export async function startPouchServer(dataset: Dataset, dir: string): Promise<SystemServer> {
  const template = join(dataset.dir, 'pouch-template')
  if (!existsSync(join(template, 'ready'))) {
    rmSync(template, { recursive: true, force: true })
    console.log('pouchdb: loading the dataset into leveldb (once per dataset) ...')
    await runPeerScript('./pouch-server-child.ts', ['--load', dataset.dataPath, '--dir', template, '--doctypes', JSON.stringify(dataset.facts.doctypes)])
    cpSync(join(dataset.dir, 'facts.json'), join(template, 'ready'))
  }
  const data = join(dir, 'pouch')
  cpSync(template, data, { recursive: true })
  const server = await startPeerProcess('./pouch-server-child.ts', ['--dir', data, '--port', String(randomPort())])
  return {
    url: `${server.url}/db/site`,
    pid: server.child.pid,
    async change(changed, deleted) {
      await benchCall(server.url, '/bench/change', { changed, deleted })
    },
    verify: (tag, po) => benchCall<ServerView>(server.url, `/bench/verify?${new URLSearchParams({ tag, po })}`),
    stop: () => server.stop(),
  }
}
