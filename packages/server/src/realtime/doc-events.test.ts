import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Site } from '../context.ts'
import { deleteDocument } from '../documents/delete-doc.ts'
import { insertDocument } from '../documents/insert-doc.ts'
import { saveDocument } from '../documents/save-doc.ts'
import { asUser } from '../http/execute.ts'
import { ADMINISTRATOR, loadUserContext } from '../permissions/user-context.ts'
import { requireDocType } from '../require-doctype.ts'
import { openSite } from '../site.ts'
import { widgetDocTypes } from '../testing/widget-schema.ts'
import { onCommittedChanges, type DocEvent } from './doc-events.ts'

let site: Site
let batches: DocEvent[][]
let stop: () => void

const clock = { now: () => '2026-11-27 10:00:00.000000', today: () => '2026-11-27', date: () => new Date('2026-11-27T10:00:00Z') }

beforeEach(async () => {
  site = await openSite({ dbPath: ':memory:', doctypes: widgetDocTypes(), clock })
  batches = []
  stop = onCommittedChanges(site, (events) => batches.push([...events]))
})
afterEach(async () => {
  stop()
  await site.db.close()
})

async function run<T>(fn: Parameters<typeof asUser<T>>[3]): Promise<T> {
  const user = await site.db.transaction((tx) => loadUserContext(tx, site.schema, ADMINISTRATOR), { readOnly: true })
  return asUser(site, user, false, fn)
}

const summary = (): string[][] => batches.map((b) => b.map((e) => `${e.kind} ${e.doctype.name} ${e.name}`))
const widget = (): ReturnType<typeof requireDocType> => requireDocType(site, 'Widget')
/** Let queued deliveries run. */
const settle = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0))

describe('document events are published after commit, never for a rollback', () => {
  it('delivers one batch per committed transaction, in order, only once the commit is done', async () => {
    await run(async (ctx) => {
      await insertDocument(ctx, widget(), { name: 'W-1', title: 'one' })
      await saveDocument(ctx, widget(), 'W-1', { title: 'two' })
      await settle()
      expect(batches).toEqual([])
    })
    await settle()
    expect(summary()).toEqual([['insert Widget W-1', 'update Widget W-1']])
    const [inserted, updated] = batches[0]!
    expect(inserted).toMatchObject({ user: ADMINISTRATOR, before: undefined, after: { name: 'W-1', title: 'one' }, modified: '2026-11-27 10:00:00.000000' })
    expect(updated?.before).toMatchObject({ title: 'one' })
    expect(updated?.after).toMatchObject({ title: 'two' })
  })

  it('publishes nothing for a transaction that rolls back after the write', async () => {
    const failed = run(async (ctx) => {
      await insertDocument(ctx, widget(), { name: 'W-2', title: 'lost' })
      throw new Error('later failure')
    })
    await expect(failed).rejects.toThrow('later failure')
    await settle()
    expect(batches).toEqual([])
  })

  it('drops the events of a savepoint that rolls back, keeping the rest of the transaction\'s', async () => {
    await run(async (ctx) => {
      await insertDocument(ctx, widget(), { name: 'W-3' })
      await ctx.tx.savepoint(async () => {
        await insertDocument(ctx, widget(), { name: 'W-4' })
        throw new Error('undo W-4')
      }).catch(() => undefined)
      await ctx.tx.savepoint(() => insertDocument(ctx, widget(), { name: 'W-5' }))
    })
    await settle()
    expect(summary()).toEqual([['insert Widget W-3', 'insert Widget W-5']])
  })

  it('publishes deletes with the deleted document, and nothing once the listener left', async () => {
    await run((ctx) => insertDocument(ctx, widget(), { name: 'W-6', title: 'gone soon' }))
    await run((ctx) => deleteDocument(ctx, widget(), 'W-6'))
    await settle()
    expect(summary()).toEqual([['insert Widget W-6'], ['delete Widget W-6']])
    expect(batches[1]?.[0]).toMatchObject({ before: { name: 'W-6', title: 'gone soon' }, after: undefined })
    stop()
    await run((ctx) => insertDocument(ctx, widget(), { name: 'W-7' }))
    await settle()
    expect(batches).toHaveLength(2)
  })

  it('a failing listener does not keep others from hearing', async () => {
    const heard: string[] = []
    const stopBad = onCommittedChanges(site, () => {
      throw new Error('listener bug')
    })
    const stopGood = onCommittedChanges(site, (events) => heard.push(...events.map((e) => e.name)))
    const errors: unknown[] = []
    const original = console.error
    console.error = (...args: unknown[]) => errors.push(args)
    try {
      await run((ctx) => insertDocument(ctx, widget(), { name: 'W-8' }))
      await settle()
    } finally {
      console.error = original
      stopBad()
      stopGood()
    }
    expect(heard).toEqual(['W-8'])
    expect(errors).toHaveLength(1)
  })
})
