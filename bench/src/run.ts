import { parseArgs } from 'node:util'
import { runBrowserBench } from './browser.ts'
import { browserRows } from './browser-report.ts'
import { printTable, writeResult } from './report.ts'
import { replicaRows } from './replica-report.ts'
import { runReplicaBench } from './replica.ts'
import { restRows } from './rest-report.ts'
import { runRestBench } from './rest.ts'
import { syncPushRows, syncRows } from './sync-report.ts'
import { runSyncBench, runSyncPushBench } from './sync.ts'

/**
 * `npm run bench -- [--suite rest|replica|sync|browser|all] [--size large|medium|small] [--inserts N] [--runs N] [--profile FILE] [--profile-saves FILE] [--settled-s N]`:
 * each suite seeds its own demo site, prints a table and writes bench/results/<suite>.json.
 * `--profile` (browser suite) writes a CPU profile of the first IndexedDB boot to FILE;
 * `--profile-saves` one of the timed saves (createDoc, updateDoc);
 * `--settled-s N` times the saves and lists again after N quiet seconds.
 * `--only push` (sync suite) runs its pushes and catch-ups alone, into bench/results/sync-push.json.
 */
const { values } = parseArgs({
  options: {
    suite: { type: 'string', default: 'all' },
    size: { type: 'string', default: 'large' },
    inserts: { type: 'string', default: '2000' },
    runs: { type: 'string', default: '3' },
    profile: { type: 'string' },
    'profile-saves': { type: 'string' },
    'settled-s': { type: 'string' },
    only: { type: 'string' },
  },
})
if (!['rest', 'replica', 'sync', 'browser', 'all'].includes(values.suite)) throw new Error(`--suite must be rest, replica, sync, browser or all (got ${values.suite})`)
const runs = Number(values.runs)
if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs must be a whole number >= 1 (got ${values.runs})`)
const wants = (suite: string): boolean => values.suite === 'all' || values.suite === suite
if (values.only !== undefined && (values.only !== 'push' || values.suite !== 'sync')) throw new Error(`--only push goes with --suite sync (got --only ${values.only})`)
if (!['large', 'medium', 'small'].includes(values.size)) throw new Error(`--size must be large, medium or small (got ${values.size})`)
const settledS = values['settled-s'] === undefined ? undefined : Number(values['settled-s'])
if (settledS !== undefined && !(Number.isFinite(settledS) && settledS >= 0)) throw new Error(`--settled-s must be a number of seconds >= 0 (got ${values['settled-s']})`)

if (wants('rest')) {
  const result = await runRestBench(values.size, Number(values.inserts))
  printTable(`REST benchmark (demo size ${values.size})`, restRows(result))
  writeResult('rest', result)
}
if (wants('replica')) {
  const result = await runReplicaBench(values.size)
  printTable(`Replica benchmark (demo size ${values.size})`, replicaRows(result))
  writeResult('replica', result)
}
if (wants('sync') && values.only === 'push') {
  const result = await runSyncPushBench(values.size, runs)
  printTable(`Sync protocol push (demo size ${values.size})`, syncPushRows(result))
  writeResult('sync-push', result)
} else if (wants('sync')) {
  const result = await runSyncBench(values.size, runs)
  printTable(`Sync protocol benchmark (demo size ${values.size})`, syncRows(result))
  writeResult('sync-protocol', result)
}
if (wants('browser')) {
  const profileSaves = values['profile-saves']
  const result = await runBrowserBench({
    size: values.size, runs,
    ...(values.profile === undefined ? {} : { profile: values.profile }),
    ...(profileSaves === undefined ? {} : { profileSaves }),
    ...(settledS === undefined ? {} : { settledS }),
  })
  printTable(`Browser benchmark, IndexedDB (demo size ${values.size})`, browserRows(result))
  const top = result.boot_profile_top
  if (top) printTable(`Heaviest functions of the first boot (self time; profile in ${values.profile})`, top.map((l) => [l.fn, `${l.self_ms} ms (${l.share}%)`]))
  const savesTop = result.saves_profile_top
  if (savesTop) printTable(`Heaviest functions of the timed saves (self time; profile in ${profileSaves})`, savesTop.map((l) => [l.fn, `${l.self_ms} ms (${l.share}%)`]))
  writeResult('browser', result)
}
