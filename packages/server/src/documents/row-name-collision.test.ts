import { afterEach, describe, expect, it } from 'vitest'
import { isFrappeError } from '@outpost/meta'
import type { Site } from '../context.ts'
import { asUser } from '../http/execute.ts'
import { ADMINISTRATOR, loadUserContext } from '../permissions/user-context.ts'
import { requireDocType } from '../require-doctype.ts'
import { openSite } from '../site.ts'
import { widgetDocTypes } from '../testing/widget-schema.ts'
import { insertDocument } from './insert-doc.ts'
import { saveDocument } from './save-doc.ts'

/** Randomness that repeats its first values once: the second document's first row hash collides. */
function repeatingRandom(): () => number {
  const values = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6]
  let i = 0
  return () => (i < 12 ? values[i++ % 6]! : Math.random())
}

let site: Site | undefined
afterEach(async () => site?.db.close())

async function run<T>(s: Site, fn: Parameters<typeof asUser<T>>[3]): Promise<T> {
  const user = await s.db.transaction((tx) => loadUserContext(tx, s.schema, ADMINISTRATOR), { readOnly: true })
  return asUser(s, user, false, fn)
}

const clock = { now: () => '2026-11-27 10:00:00.000000', today: () => '2026-11-27', date: () => new Date('2026-11-27T10:00:00Z') }

describe('child row hash names', () => {
  it('draw a colliding hash again, as Frappe db_insert does', async () => {
    const s = site = await openSite({ dbPath: ':memory:', doctypes: widgetDocTypes(), random: repeatingRandom(), clock })
    const widget = requireDocType(s, 'Widget')
    const a = await run(s, (ctx) => insertDocument(ctx, widget, { name: 'W-1', items: [{ item_code: 'x', qty: 1 }] }))
    const b = await run(s, (ctx) => insertDocument(ctx, widget, { name: 'W-2', items: [{ item_code: 'y', qty: 1 }] }))
    const [rowA] = a['items'] as Record<string, unknown>[]
    const [rowB] = b['items'] as Record<string, unknown>[]
    expect(rowB!['name']).not.toBe(rowA!['name'])
    const count = await s.db.transaction((tx) => tx.get<{ n: number }>('SELECT count(*) AS n FROM "tabWidget Row"'), { readOnly: true })
    expect(count?.n).toBe(2)
  })

  it('refuse a client-given row name another document has, as a DuplicateEntryError, keeping nothing', async () => {
    const s = site = await openSite({ dbPath: ':memory:', doctypes: widgetDocTypes(), clock })
    const widget = requireDocType(s, 'Widget')
    await run(s, (ctx) => insertDocument(ctx, widget, { name: 'W-1', items: [{ name: 'row-1', item_code: 'x', qty: 1 }] }))
    const error = await run(s, (ctx) => insertDocument(ctx, widget, { name: 'W-2', items: [{ name: 'row-1', item_code: 'y', qty: 1 }] })).catch((e: unknown) => e)
    expect(isFrappeError(error) && error.excType).toBe('DuplicateEntryError')
    const saved = await run(s, (ctx) => saveDocument(ctx, widget, 'W-1', { items: [{ name: 'row-1', item_code: 'z', qty: 2 }] }))
    expect((saved['items'] as Record<string, unknown>[])[0]).toMatchObject({ name: 'row-1', item_code: 'z' })
    const widgets = await s.db.transaction((tx) => tx.get<{ n: number }>('SELECT count(*) AS n FROM "tabWidget"'), { readOnly: true })
    expect(widgets?.n).toBe(1)
  })
})
