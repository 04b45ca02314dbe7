import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { loadDocType } from './doctype.ts'
import { Schema } from './schema.ts'
import { readFixtureFiles } from './testing/fixture-schema.ts'
import { fixturesSkipReason, requireFixtures } from './testing/fixtures-dir.ts'

const dir = requireFixtures()

if (dir === undefined) {
  it.skip(fixturesSkipReason(), () => {})
} else {
  const files = readFixtureFiles(dir)
  const schema = new Schema(files.map(({ json }) => loadDocType(json)))

  describe('ERPNext / Frappe fixtures', () => {
    it('finds every fixture file SOURCE.txt lists, and no other', () => {
      const listed = [...readFileSync(join(dir, 'SOURCE.txt'), 'utf8').matchAll(/^\s+(\S+\.json)\s/gm)].map((m) => m[1])
      expect(files.map((f) => f.file).sort()).toEqual(listed.sort())
      expect(files).toHaveLength(33)
    })

    it.each(files.map((f) => [f.file, f.json] as const))('loads %s unchanged', (_file, json) => {
      const before = JSON.stringify(json)
      const doctype = loadDocType(json)
      expect(doctype.name).toBe((json as { name: string }).name)
      expect(doctype.fields.length).toBe(((json as { fields?: unknown[] }).fields ?? []).length)
      expect(JSON.stringify(json)).toBe(before)
    })

    it('builds one Schema of every doctype', () => {
      expect(schema.all()).toHaveLength(files.length)
      expect(schema.names()).toEqual(expect.arrayContaining(['Sales Invoice', 'Payment Entry', 'Customer', 'Item', 'User']))
    })

    it('counts the fields of the big doctypes', () => {
      const si = schema.require('Sales Invoice')
      expect(si.fields).toHaveLength(210)
      expect(si.isSubmittable).toBe(true)
      expect(si.autoname).toBe('naming_series:')
      expect(schema.require('Sales Invoice Item').fields).toHaveLength(112)
      expect(schema.require('Payment Entry').fields).toHaveLength(93)
      expect(schema.require('Customer').fields).toHaveLength(78)
    })

    it('resolves the child doctypes that are part of the fixtures', () => {
      const children = schema.childDocTypes(schema.require('Sales Invoice')).map((d) => d.name)
      expect(children).toEqual(['Sales Invoice Item', 'Sales Taxes and Charges', 'Sales Invoice Advance', 'Payment Schedule', 'Sales Invoice Payment', 'Sales Team'])
      for (const child of children) expect(schema.require(child).istable).toBe(true)
      expect(schema.childDocTypes(schema.require('Payment Entry')).map((d) => d.name)).toEqual(['Payment Entry Reference', 'Payment Entry Deduction'])
    })

    it('reports tables and links to doctypes that are not loaded, and only those', () => {
      const warnings = schema.warnings()
      expect(warnings).toContainEqual(expect.objectContaining({ doctype: 'Sales Invoice', fieldname: 'packed_items' }))
      for (const w of warnings) {
        const field = schema.require(w.doctype).field(w.fieldname)
        expect(field && schema.has(field.options)).toBe(false)
      }
    })

    it('knows Payment Entry\'s Dynamic Links', () => {
      const pe = schema.require('Payment Entry')
      expect(pe.field('party')).toMatchObject({ fieldtype: 'Dynamic Link', options: 'party_type' })
      const ref = schema.require('Payment Entry Reference')
      expect(ref.field('reference_name')).toMatchObject({ fieldtype: 'Dynamic Link', options: 'reference_doctype', reqd: true })
    })
  })
}
