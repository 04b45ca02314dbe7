import { FrappeError, type Doc } from '@outpost/meta'
import type { Site } from './context.ts'
import { addUsers } from './site.ts'
import { requireDocType } from './require-doctype.ts'
import { insertDocument } from './documents/insert-doc.ts'
import { loadUserContext, ADMINISTRATOR } from './permissions/user-context.ts'
import { demoUsers, generateDemo, type DemoSize } from './demo/index.ts'

/** Fill a new demo site with its users and generated data; an already seeded site is left alone. */
export async function seedDemo(site: Site, size: DemoSize, onProgress: (done: number) => void = () => {}): Promise<boolean> {
  if (!site.schema.has('Company')) throw new FrappeError('ValidationError', 'The demo DocTypes are not loaded')
  const seeded = await site.db.transaction((tx) => tx.get(`SELECT 1 AS x FROM "tabCompany" LIMIT 1`), { readOnly: true })
  await addUsers(site, demoUsers.filter((u) => u.email !== ADMINISTRATOR).map((u) => ({ ...u })))
  if (seeded) return false
  await site.db.transaction(async (tx) => {
    const ctx = { site, tx, user: await loadUserContext(tx, site.schema, ADMINISTRATOR), now: () => site.clock.now() }
    let done = 0
    await generateDemo(size, 42, async (doctype: string, doc: Doc, submit?: boolean) => {
      const saved = await insertDocument(ctx, requireDocType(site, doctype), submit ? { ...doc, docstatus: 1 } : doc)
      if (++done % 1000 === 0) onProgress(done)
      return String(saved['name'])
    })
    onProgress(done)
  })
  return true
}
