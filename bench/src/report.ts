import { mkdirSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

export type Rows = [string, string][]

/** A two-column table: labels padded to the widest. */
export function printTable(title: string, rows: Rows): void {
  const width = Math.max(...rows.map((r) => r[0].length))
  console.log(`\n${title}\n`)
  for (const [k, v] of rows) console.log(`${k.padEnd(width)}  ${v}`)
}

/** bench/results/<name>.json */
export function writeResult(name: string, result: unknown): void {
  const dir = fileURLToPath(new URL('../results/', import.meta.url))
  mkdirSync(dir, { recursive: true })
  writeFileSync(`${dir}${name}.json`, JSON.stringify(result, null, 2) + '\n')
  console.log(`\nwrote bench/results/${name}.json`)
}
