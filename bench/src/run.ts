import { parseArgs } from 'node:util'
import { printTable, writeResult } from './report.ts'
import { replicaRows } from './replica-report.ts'
import { runReplicaBench } from './replica.ts'
import { restRows } from './rest-report.ts'
import { runRestBench } from './rest.ts'

/**
 * `npm run bench -- [--suite rest|replica|all] [--size large|medium|small] [--inserts N]`:
 * each suite seeds its own demo site, prints a table and writes bench/results/<suite>.json.
 */
const { values } = parseArgs({
  options: {
    suite: { type: 'string', default: 'all' },
    size: { type: 'string', default: 'large' },
    inserts: { type: 'string', default: '2000' },
  },
})
if (!['rest', 'replica', 'all'].includes(values.suite)) throw new Error(`--suite must be rest, replica or all (got ${values.suite})`)
if (!['large', 'medium', 'small'].includes(values.size)) throw new Error(`--size must be large, medium or small (got ${values.size})`)

if (values.suite !== 'replica') {
  const result = await runRestBench(values.size, Number(values.inserts))
  printTable(`REST benchmark (demo size ${values.size})`, restRows(result))
  writeResult('rest', result)
}
if (values.suite !== 'rest') {
  const result = await runReplicaBench(values.size)
  printTable(`Replica benchmark (demo size ${values.size})`, replicaRows(result))
  writeResult('replica', result)
}
