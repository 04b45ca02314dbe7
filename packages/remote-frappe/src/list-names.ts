import type { RemoteResult } from '@outpost/core'
import type { FrappeHttp } from './http.ts'
import { listRows } from './resource-api.ts'

/**
 * Every readable name, in chunks of `chunk` rows. Pages follow the name (`name > last`), not
 * an offset: a delete during the walk would shift offsets and hide a live name, and the engine
 * deletes locally whatever this list lacks.
 */
export async function listNames(http: FrappeHttp, doctype: string, chunk: number): Promise<RemoteResult<string[]>> {
  const names: string[] = []
  let after: string | undefined
  for (;;) {
    const rows = await listRows(http, doctype, {
      fields: ['name'], orderBy: 'name asc', limit: chunk, ...(after === undefined ? {} : { filters: [['name', '>', after]] }),
    })
    if (rows.kind !== 'ok') return rows
    for (const r of rows.value) names.push(String(r['name']))
    if (rows.value.length < chunk) return { kind: 'ok', value: names }
    after = names[names.length - 1]
  }
}
