import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { loadDocType, type DocType } from '@outpost/meta'

/** Absolute path of `packages/server/demo/doctypes`, the demo site's DocType JSONs. */
export const demoDocTypesDir: string = fileURLToPath(new URL('../../demo/doctypes', import.meta.url))

/** File names of the demo DocType JSONs, sorted. */
export function demoDocTypeFiles(): string[] {
  return readdirSync(demoDocTypesDir).filter((f) => f.endsWith('.json')).sort()
}

/** The demo DocType JSONs as published (plain objects), in file-name order. */
export function readDemoDocTypeJsons(): Record<string, unknown>[] {
  return demoDocTypeFiles().map((f) => JSON.parse(readFileSync(join(demoDocTypesDir, f), 'utf8')) as Record<string, unknown>)
}

/** Load every demo DocType with `loadDocType`. Throws MetaLoadError on a malformed file. */
export function loadDemoDocTypes(): DocType[] {
  return readDemoDocTypeJsons().map(loadDocType)
}
