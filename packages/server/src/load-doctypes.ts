import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { loadDocType, type DocType } from '@outpost/meta'

function* jsonFiles(dir: string): Generator<string> {
  for (const entry of readdirSync(dir)) {
    if (entry === 'node_modules' || entry.startsWith('.')) continue
    const path = join(dir, entry)
    const stat = statSync(path)
    if (stat.isDirectory()) yield* jsonFiles(path)
    else if (entry.endsWith('.json')) yield path
  }
}

/** Every DocType JSON under a folder (an app checkout works: other JSON files are skipped). */
export function loadDocTypesFromDir(dir: string): DocType[] {
  const out: DocType[] = []
  for (const path of jsonFiles(dir)) {
    let json: unknown
    try {
      json = JSON.parse(readFileSync(path, 'utf8'))
    } catch {
      continue
    }
    if (typeof json === 'object' && json !== null && (json as Record<string, unknown>)['doctype'] === 'DocType') out.push(loadDocType(json))
  }
  return out
}
