import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { Schema, type DocType } from '@outpost/meta'
import { demoControllers } from './controllers/index.ts'
import { demoDocTypeFiles, demoDocTypesDir, loadDemoDocTypes, readDemoDocTypeJsons } from './doctypes.ts'
import { demoUsers } from './users.ts'

const doctypes = loadDemoDocTypes()
const schema = new Schema(doctypes)

function sortKeysDeep(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeysDeep)
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {}
    for (const key of Object.keys(value).sort()) out[key] = sortKeysDeep((value as Record<string, unknown>)[key])
    return out
  }
  return value
}

function selectOptions(dt: DocType, fieldname: string): string[] {
  return (dt.field(fieldname)?.options ?? '').split('\n').filter((o) => o !== '')
}

describe('demo doctypes', () => {
  it('has the expected set, one file per doctype named like Frappe does', () => {
    expect(doctypes.map((d) => d.name).sort()).toEqual([
      'Account', 'Company', 'Cost Center', 'Currency', 'Customer', 'Customer Group', 'Item', 'Item Group', 'Item Price',
      'Mode of Payment', 'Payment Entry', 'Payment Entry Reference', 'Price List', 'Sales Invoice', 'Sales Invoice Item',
      'Sales Taxes and Charges', 'Territory', 'UOM', 'Warehouse',
    ])
    for (const [i, file] of demoDocTypeFiles().entries()) {
      expect(file).toBe(`${doctypes[i]?.name.toLowerCase().replace(/[^a-z0-9]+/g, '_')}.json`)
    }
  })

  it('is written in the published format: sorted keys, one-space indent, fixed modified', () => {
    const jsons = readDemoDocTypeJsons()
    for (const [i, file] of demoDocTypeFiles().entries()) {
      const raw = jsons[i] ?? {}
      const text = readFileSync(join(demoDocTypesDir, file), 'utf8')
      expect(text, file).toBe(`${JSON.stringify(sortKeysDeep(raw), null, 1)}\n`)
      expect(raw['doctype']).toBe('DocType')
      expect(raw['modified']).toBe('2026-11-01 00:00:00.000000')
      expect(raw['field_order']).toEqual((raw['fields'] as { fieldname: string }[]).map((f) => f.fieldname))
    }
  })

  it('points every Link and Table at a doctype of the set', () => {
    expect(schema.warnings()).toEqual([])
    for (const dt of doctypes) {
      for (const f of dt.fields) {
        if (f.fieldtype === 'Link') expect(schema.has(f.options), `${dt.name}.${f.fieldname}`).toBe(true)
        if (f.fieldtype === 'Table') expect(schema.get(f.options)?.istable, `${dt.name}.${f.fieldname}`).toBe(true)
      }
    }
  })

  it('resolves every Dynamic Link through a Select of loaded doctypes', () => {
    let seen = 0
    for (const dt of doctypes) {
      for (const f of dt.fields.filter((x) => x.fieldtype === 'Dynamic Link')) {
        seen++
        expect(dt.field(f.options)?.fieldtype, `${dt.name}.${f.fieldname}`).toBe('Select')
        const targets = selectOptions(dt, f.options)
        expect(targets.length).toBeGreaterThan(0)
        for (const t of targets) expect(schema.has(t), `${dt.name}.${f.options} → ${t}`).toBe(true)
      }
    }
    expect(seen).toBe(2)
  })

  it('has consistent naming rules', () => {
    for (const dt of doctypes) {
      const autoname = dt.autoname ?? ''
      if (autoname.startsWith('field:')) {
        const f = dt.field(autoname.slice('field:'.length))
        expect(f?.reqd, dt.name).toBe(true)
        expect(dt.namingRule).toBe('By fieldname')
      } else if (autoname === 'naming_series:') {
        expect(selectOptions(dt, 'naming_series').length, dt.name).toBeGreaterThan(0)
        expect(dt.namingRule).toBe('By "Naming Series" field')
      } else if (autoname === 'hash') {
        expect(dt.namingRule).toBe('Random')
      } else if (dt.namingRule === 'By script') {
        expect(autoname).toBe('')
        expect(typeof demoControllers[dt.name]?.autoname, dt.name).toBe('function')
      } else {
        expect(dt.istable, `${dt.name} falls back to hash`).toBe(true)
      }
    }
  })

  it('describes trees as Frappe nested sets', () => {
    const trees = doctypes.filter((d) => d.isTree).map((d) => d.name).sort()
    expect(trees).toEqual(['Account', 'Cost Center', 'Customer Group', 'Item Group', 'Territory', 'Warehouse'])
    for (const dt of doctypes.filter((d) => d.isTree)) {
      const parent = dt.field(dt.nsmParentField ?? '')
      expect(parent?.fieldtype).toBe('Link')
      expect(parent?.options).toBe(dt.name)
      for (const name of ['lft', 'rgt']) expect(dt.field(name)?.fieldtype).toBe('Int')
      expect(dt.field('is_group')?.fieldtype).toBe('Check')
    }
  })

  it('fetches only through Link fields into existing fields', () => {
    for (const dt of doctypes) {
      for (const f of dt.fields.filter((x) => x.fetchFrom !== undefined)) {
        const [linkField, targetField] = (f.fetchFrom ?? '').split('.')
        const link = dt.field(linkField ?? '')
        expect(link?.fieldtype, `${dt.name}.${f.fieldname}`).toBe('Link')
        expect(schema.get(link?.options ?? '')?.field(targetField ?? ''), `${dt.name}.${f.fieldname}`).toBeDefined()
      }
    }
  })

  it('names only existing fields in title, search and Select defaults', () => {
    for (const dt of doctypes) {
      if (dt.titleField) expect(dt.field(dt.titleField), dt.name).toBeDefined()
      for (const s of dt.searchFields) expect(dt.field(s), `${dt.name} search ${s}`).toBeDefined()
      for (const f of dt.fields.filter((x) => x.fieldtype === 'Select' && x.default !== undefined)) {
        expect(selectOptions(dt, f.fieldname), `${dt.name}.${f.fieldname}`).toContain(f.default)
      }
    }
  })

  it('makes submittable doctypes amendable and gives permissions to parents only', () => {
    for (const dt of doctypes) {
      if (dt.isSubmittable) {
        expect(dt.field('amended_from')?.options).toBe(dt.name)
        expect(dt.permissions.some((p) => p.submit && p.cancel && p.amend)).toBe(true)
      }
      if (dt.istable) expect(dt.permissions).toEqual([])
      else expect(dt.permissions.some((p) => p.role === 'System Manager' && p.read && p.write && p.create)).toBe(true)
    }
  })

  it('lets every demo user read every master and transaction', () => {
    for (const user of demoUsers) {
      for (const dt of doctypes.filter((d) => !d.istable)) {
        const canRead = dt.permissions.some((p) => p.permlevel === 0 && p.read && user.roles.includes(p.role))
        expect(canRead, `${user.email} reads ${dt.name}`).toBe(true)
      }
    }
    const sales = demoUsers.find((u) => u.email === 'sales@example.com')
    const invoice = schema.require('Sales Invoice')
    expect(invoice.permissions.some((p) => p.submit && sales?.roles.includes(p.role))).toBe(true)
  })
})
