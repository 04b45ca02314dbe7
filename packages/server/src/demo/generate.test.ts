import { describe, expect, it } from 'vitest'
import type { Doc, DocType } from '@outpost/meta'
import { demoControllers } from './controllers/index.ts'
import { FakeSite } from './controllers/fake-site.ts'
import { demoSchema } from './controllers/test-site.ts'
import { DEMO_SIZES, demoRecords, generateDemo, type DemoRecord, type DemoSize } from './generate.ts'

/** Run the generator with names made up from the record alone (no controllers). */
function collect(size: DemoSize, seed: number, keep: (r: DemoRecord) => boolean = () => true): { records: DemoRecord[]; counts: Record<string, number> } {
  const records: DemoRecord[] = []
  const it = demoRecords(size, seed)
  let n = 0
  let step = it.next()
  while (!step.done) {
    if (keep(step.value)) records.push(step.value)
    step = it.next(`${step.value.doctype}-${++n}`)
  }
  return { records, counts: { ...step.value.counts } }
}

function linkProblems(meta: DocType, doc: Doc, exists: (doctype: string, name: string) => boolean, where: string): string[] {
  const out: string[] = []
  const schema = demoSchema()
  for (const f of meta.fields) {
    const value = doc[f.fieldname]
    if (f.fieldtype === 'Table') {
      const child = schema.require(f.options)
      for (const [i, row] of ((value as Doc[] | undefined) ?? []).entries()) out.push(...linkProblems(child, row, exists, `${where}.${f.fieldname}[${i}]`))
      continue
    }
    const present = value !== undefined && value !== null && value !== ''
    if (f.reqd && !present) out.push(`${where}.${f.fieldname} is required`)
    if (!present) continue
    if (f.fieldtype === 'Link' && !exists(f.options, String(value))) out.push(`${where}.${f.fieldname} → ${f.options} ${String(value)}`)
    if (f.fieldtype === 'Dynamic Link' && !exists(String(doc[f.options]), String(value))) out.push(`${where}.${f.fieldname} → ${String(value)}`)
    if (f.fieldtype === 'Select' && !f.options.split('\n').includes(String(value))) out.push(`${where}.${f.fieldname} = ${String(value)}`)
    if (meta.field(f.fieldname) === undefined) out.push(`${where}.${f.fieldname} unknown`)
  }
  for (const key of Object.keys(doc)) if (meta.field(key) === undefined) out.push(`${where}: unknown field ${key}`)
  return out
}

describe('demo generator', () => {
  it('is deterministic for a seed and differs across seeds', () => {
    const a = collect('small', 7).records
    const b = collect('small', 7).records
    const c = collect('small', 8).records
    expect(b).toEqual(a)
    expect(JSON.stringify(c)).not.toBe(JSON.stringify(a))
  })

  it.each(['small', 'medium', 'large'] as const)('yields the planned counts for %s', (size) => {
    const plan = DEMO_SIZES[size]
    let lines = 0
    const { counts } = collect(size, 1, (r) => {
      if (r.doctype === 'Sales Invoice') lines += (r.doc['items'] as Doc[]).length
      return false
    })
    expect(counts).toMatchObject({
      Customer: plan.customers, Item: plan.items, 'Item Price': plan.items,
      'Sales Invoice': plan.invoices, 'Payment Entry': plan.payments,
      Currency: 3, UOM: 4, Company: 1, 'Item Group': 4, 'Customer Group': 4, Territory: 7, 'Mode of Payment': 3, 'Price List': 1,
    })
    expect(lines / plan.invoices).toBeGreaterThan(2.7)
    expect(lines / plan.invoices).toBeLessThan(3.3)
  }, 60_000)

  it('inserts cleanly through the demo controllers: every link points at an earlier document', async () => {
    const site = new FakeSite(demoSchema(), demoControllers, '2026-11-01 12:00:00.000000')
    const exists = (doctype: string, name: string) => site.db.tables.get(doctype)?.has(name) ?? false
    const problems: string[] = []
    const byType = new Map<string, DemoRecord[]>()
    const summary = await generateDemo('small', 3, async (doctype, doc, submit) => {
      problems.push(...linkProblems(demoSchema().require(doctype), doc, exists, doctype))
      byType.set(doctype, [...(byType.get(doctype) ?? []), { doctype, doc, submit }])
      return String((await site.insert(doctype, doc, { submit }))['name'])
    })
    expect(problems).toEqual([])
    expect(summary.counts['Sales Invoice']).toBe(100)

    expect(site.db.all('Account').map((a) => a['name'])).toContain('Debtors - OD')
    expect(site.db.all('Cost Center').map((a) => a['name'])).toContain('Main - OD')
    expect(site.db.all('Warehouse').map((a) => a['name'])).toContain('Stores - OD')
    const customers = site.db.all('Customer')
    expect(customers[0]?.['name']).toBe('CUST-2026-00001')
    expect(customers.filter((c) => c['disabled'] === 1).length).toBeGreaterThan(0)
    expect(new Set(customers.map((c) => c['territory']))).toEqual(new Set(['North', 'South', 'East', 'West', 'Rest Of The World']))

    const invoices = site.db.all('Sales Invoice')
    const statuses = new Set(invoices.map((i) => i['status']))
    for (const s of ['Draft', 'Unpaid', 'Paid']) expect(statuses).toContain(s)
    expect(invoices.filter((i) => i['docstatus'] === 1).length).toBeGreaterThan(70)
    for (const inv of invoices) {
      expect(String(inv['posting_date'])).toMatch(/^2026-/)
      expect(inv['outstanding_amount'] as number).toBeGreaterThanOrEqual(0)
      const generated = byType.get('Sales Invoice')?.find((r) => r.doc['posting_time'] === inv['posting_time'] && r.doc['customer'] === inv['customer'])
      expect(generated?.doc['grand_total']).toBe(inv['grand_total'])
    }
    for (const pay of site.db.all('Payment Entry')) {
      const ref = (pay['references'] as Doc[])[0]
      const inv = invoices.find((i) => i['name'] === ref?.['reference_name'])
      expect(String(pay['posting_date']) >= String(inv?.['posting_date'])).toBe(true)
    }
    expect(summary.submitted).toBe(site.db.all('Sales Invoice').filter((i) => i['docstatus'] === 1).length + site.db.all('Payment Entry').filter((p) => p['docstatus'] === 1).length)
  })

  it('asks for the name of each inserted document', () => {
    const it = demoRecords('small', 1)
    it.next()
    expect(() => it.next(undefined as unknown as string)).toThrow('needs the name of each inserted document')
  })
})
