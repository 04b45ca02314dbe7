import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { loadDocType, type DocType } from '../doctype.ts'
import { Schema } from '../schema.ts'

/** Every `*.json` file of the fixtures folder, sorted, with its parsed content. */
export function readFixtureFiles(dir: string): { file: string; json: unknown }[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((file) => ({ file, json: JSON.parse(readFileSync(join(dir, file), 'utf8')) as unknown }))
}

/** All fixture DocTypes, loaded unchanged. */
export function loadFixtureDocTypes(dir: string): DocType[] {
  return readFixtureFiles(dir).map(({ json }) => loadDocType(json))
}

/** A Schema of all fixture DocTypes. */
export function loadFixtureSchema(dir: string): Schema {
  return new Schema(loadFixtureDocTypes(dir))
}
