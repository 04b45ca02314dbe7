import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Doc } from '@outpost/meta'
import type { Site } from '../context.ts'
import { seedDemo } from '../demo-site.ts'
import { demoControllers, loadDemoDocTypes } from '../demo/index.ts'
import { asUser } from '../http/execute.ts'
import { ADMINISTRATOR, loadUserContext } from '../permissions/user-context.ts'
import { requireDocType } from '../require-doctype.ts'
import { openSite } from '../site.ts'
import { tableName } from '../storage/identifiers.ts'
import { loadDoc, writtenDoc } from './doc-repo.ts'
import { insertDocument } from './insert-doc.ts'

let site: Site
beforeAll(async () => {
  site = await openSite({ dbPath: ':memory:', doctypes: loadDemoDocTypes(), controllers: demoControllers })
  await seedDemo(site, 'small')
})
afterAll(() => site.db.close())

const admin = async (): Promise<Awaited<ReturnType<typeof loadUserContext>>> => site.db.transaction((tx) => loadUserContext(tx, site.schema, ADMINISTRATOR), { readOnly: true })

describe('writtenDoc: an inserted document without reading it back', () => {
  it('equals what loadDoc reads, for every document of the demo site', async () => {
    let compared = 0
    await site.db.transaction(async (tx) => {
      for (const doctype of site.schema.all()) {
        if (doctype.istable || doctype.issingle) continue
        for (const { name } of await tx.all<{ name: string }>(`SELECT "name" FROM ${tableName(doctype.name)}`)) {
          const stored = await loadDoc(tx, site.schema, doctype, name)
          expect(writtenDoc(site.schema, doctype, stored!)).toEqual(stored)
          compared++
        }
      }
    }, { readOnly: true })
    expect(compared).toBeGreaterThan(200)
  })

  it('is what insertDocument answers, even for loosely typed input', async () => {
    const user = await admin()
    await asUser(site, user, false, async (ctx) => {
      const customer = (await ctx.tx.get<{ name: string }>(`SELECT "name" FROM "tabCustomer" LIMIT 1`))!.name
      const item = (await ctx.tx.get<{ name: string }>(`SELECT "name" FROM "tabItem" LIMIT 1`))!.name
      const input: Doc = {
        customer, company: 'Outpost Demo', posting_date: '2026-06-01', set_posting_time: '1', remarks: 'x'.repeat(10), unknown_field: { a: 1 },
        items: [{ item_code: item, qty: '2', rate: '10.5', description: null }, { item_code: item, qty: 1, rate: 3, name: 'kept-row-name' }],
      }
      const cases: [string, Doc][] = [['Sales Invoice', input], ['Customer', { customer_name: 'Loose', customer_type: 'Company', disabled: '0', territory: null }]]
      for (const [doctype, doc] of cases) {
        const answered = await insertDocument(ctx, requireDocType(site, doctype), doc)
        expect(answered).toEqual(await loadDoc(ctx.tx, site.schema, requireDocType(site, doctype), String(answered['name'])))
      }
    })
  })

  it('declines a value SQLite would convert on the way in, so the document is read back', () => {
    const doctype = requireDocType(site, 'Customer')
    expect(writtenDoc(site.schema, doctype, { name: 'X', customer_name: 42 })).toBeUndefined()
    expect(writtenDoc(site.schema, doctype, { name: 'X', disabled: '1' })).toBeUndefined()
    expect(writtenDoc(site.schema, doctype, { name: 'X', customer_name: 'ok', disabled: 1 })).toMatchObject({ name: 'X', customer_name: 'ok', disabled: 1, doctype: 'Customer' })
  })
})
