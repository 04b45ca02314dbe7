import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Site } from '../context.ts'
import { seedDemo } from '../demo-site.ts'
import { demoControllers, loadDemoDocTypes } from '../demo/index.ts'
import { loadDoc } from '../documents/doc-repo.ts'
import { asUser } from '../http/execute.ts'
import { withoutNulls } from '../http/serialize.ts'
import { ADMINISTRATOR, loadUserContext } from '../permissions/user-context.ts'
import { openSite } from '../site.ts'
import { tableName } from '../storage/identifiers.ts'
import { visibleDocsAfter, visibleDocsNamed } from './visible-docs.ts'

let site: Site
beforeAll(async () => {
  site = await openSite({ dbPath: ':memory:', doctypes: loadDemoDocTypes(), controllers: demoControllers })
  await seedDemo(site, 'small')
})
afterAll(() => site.db.close())

describe('visible-docs: documents as a pull sends them', () => {
  it('are loadDoc’s documents without their NULL fields, child rows included, for every document of the demo site', async () => {
    const user = await site.db.transaction((tx) => loadUserContext(tx, site.schema, ADMINISTRATOR), { readOnly: true })
    let compared = 0
    await asUser(site, user, true, async (ctx) => {
      for (const doctype of site.schema.all()) {
        if (doctype.istable || doctype.issingle) continue
        const names = (await ctx.tx.all<{ name: string }>(`SELECT "name" FROM ${tableName(doctype.name)}`)).map((r) => r.name)
        const named = await visibleDocsNamed(ctx, doctype, names)
        const paged = await visibleDocsAfter(ctx, doctype, null, names.length + 1)
        expect(paged).toHaveLength(names.length)
        for (const name of names) {
          const expected = withoutNulls((await loadDoc(ctx.tx, site.schema, doctype, name))!)
          expect(named.get(name.toLowerCase())).toEqual(expected)
          expect(paged.find((d) => d['name'] === name)).toEqual(expected)
          compared++
        }
      }
    })
    expect(compared).toBeGreaterThan(200)
  })
})
