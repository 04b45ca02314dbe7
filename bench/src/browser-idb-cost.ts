import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { bundle, startPageServer } from '@outpost/browser/testing'
import { SERVER_ENV, TOKEN } from './auth.ts'
import { openChromium } from './browser-chromium.ts'
import type { CostAnswer } from './browser-idb-cost-page.ts'
import { writeResult } from './report.ts'
import { startServerProcess } from './server-process.ts'

/**
 * What Chromium's IndexedDB charges per put, per index entry and per byte, in the page:
 *
 *   node --conditions=outpost-source --import tsx bench/src/browser-idb-cost.ts [--copies 5] [--only naive,row+4]
 *
 * One page of 1,000 pulled Sales Invoices from a medium demo site, copied `copies` times under
 * new names, written in each layout of browser-idb-cost-page.ts (the faster of two alternating
 * rounds). Prints ms per 1,000 documents, and the cost of a put and of an index entry that the
 * layouts imply; writes bench/results/browser-idb-cost.json.
 */
const { values } = parseArgs({ options: { copies: { type: 'string', default: '5' }, only: { type: 'string', default: '' } } })
const only = values.only === '' ? [] : values.only.split(',')
const copies = Number(values.copies)
if (!Number.isInteger(copies) || copies < 1) throw new Error(`--copies must be a whole number >= 1 (got ${values.copies})`)

const dir = mkdtempSync(join(tmpdir(), 'outpost-idb-cost-'))
const port = String(19000 + Math.floor(Math.random() * 1000))
const server = await startServerProcess(['--demo', '--demo-size', 'medium', '--db', join(dir, 'site.db'), '--port', port, '--no-desk'], SERVER_ENV)
try {
  const pageServer = await startPageServer(await bundle(new URL('./browser-idb-cost-page.ts', import.meta.url)), server.url)
  const browser = await openChromium(pageServer.url, 'outpostIdbCost')
  try {
    const answer = await browser.page.evaluate(([t, c, o]) => (globalThis as unknown as { outpostIdbCost: { measureCosts(t: string, c: number, o: string[]): Promise<CostAnswer> } }).outpostIdbCost.measureCosts(t, c, o), [TOKEN, copies, only] as const)
    const per1000 = (ms: number): number => Math.round((ms / answer.docs) * 1000)
    const ms = (layout: string): number => answer.layouts.find((l) => l.layout === layout)?.ms ?? NaN
    const naive = ms('naive')
    // a row with no entry is one put; each entry adds its cost on top
    const putUs = Math.round((ms('row+0') / answer.docs) * 1000)
    const entryUs = Math.round(((ms('row+12') - ms('row+0')) / 12 / answer.docs) * 1000)
    console.log(`\nIndexedDB write cost in Chromium: ${answer.docs} Sales Invoices, ${answer.json_bytes_per_doc} bytes of JSON each, pages of 1,000\n`)
    console.log('layout     puts/doc  entries/doc  ms per 1,000 docs  ÷ naive')
    for (const l of answer.layouts) console.log(`${l.layout.padEnd(10)} ${String(l.puts_per_doc).padStart(8)}  ${String(l.index_entries_per_doc).padStart(11)}  ${String(per1000(l.ms)).padStart(17)}  ${(l.ms / naive).toFixed(2)}`)
    console.log(`\na put of one document: ${putUs} µs; an index entry: ${entryUs} µs`)
    // a run of some layouts only is printed, not kept: the result file holds them all
    if (only.length === 0) writeResult('browser-idb-cost', { ...answer, put_us: putUs, index_entry_us: entryUs, chromium: browser.context.browser()?.version() ?? null })
  } finally {
    await browser.close()
    await pageServer.close()
  }
} finally {
  await server.stop()
  rmSync(dir, { recursive: true, force: true })
}
