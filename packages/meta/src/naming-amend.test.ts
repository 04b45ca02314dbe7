import { describe, it, expect } from 'vitest'
import { loadDocType } from './doctype.ts'
import { amendedName } from './naming.ts'
import { namingTestDocType as doctype, planAt as plan, seriesPlan as series, withSeries } from './testing/naming-helpers.ts'

describe('planName: amendments', () => {
  const dt = withSeries('SINV-.####', { is_submittable: 1 })
  const amendable = loadDocType({
    ...dt.raw,
    fields: [...(dt.raw['fields'] as unknown[]), { fieldname: 'amended_from', fieldtype: 'Link', label: 'Amended From', options: 'Test Thing' }],
  })

  it('names the first amendment X-1 (test_naming_for_cancelled_and_amended_doc)', () => {
    expect(plan(amendable, { amended_from: 'SINV-0001' }, { amendedFrom: { isAmendment: false } }))
      .toEqual({ kind: 'final', name: 'SINV-0001-1', rule: 'amended' })
  })

  it('increments the suffix when amending an amendment', () => {
    expect(plan(amendable, { amended_from: 'SINV-0001-1' }, { amendedFrom: { isAmendment: true } })).toMatchObject({ name: 'SINV-0001-2' })
  })

  it('names like a new document under "Default Naming"', () => {
    const p = series(plan(amendable, { amended_from: 'SINV-0001' }, { amendedFrom: { isAmendment: false, naming: 'Default Naming' } }))
    expect(p.format(2)).toBe('SINV-0002')
  })

  it('needs the facts about the cancelled document', () => {
    expect(() => plan(amendable, { amended_from: 'SINV-0001' })).toThrow(TypeError)
  })

  it('comes before the controller and is returned unvalidated, as Frappe returns early', () => {
    expect(plan(amendable, { amended_from: 'Test Thing' }, { amendedFrom: { isAmendment: false }, controllerName: 'x' }))
      .toMatchObject({ name: 'Test Thing-1' })
  })

  it('keeps a Prompt name under "Default Naming" without validating it', () => {
    const prompt = doctype({ autoname: 'Prompt' }, [{ fieldname: 'amended_from', fieldtype: 'Link', options: 'Test Thing' }])
    expect(plan(prompt, { amended_from: 'A', name: ' kept ' }, { amendedFrom: { isAmendment: false, naming: 'Default Naming' } }))
      .toEqual({ kind: 'final', name: ' kept ', rule: 'prompt' })
  })
})

describe('amendedName', () => {
  it('appends -1 to a name that is not an amendment, whatever its shape', () => {
    expect(amendedName('X', false)).toBe('X-1')
    expect(amendedName('SINV-2026-00001', false)).toBe('SINV-2026-00001-1')
  })

  it('increments the last dash part of an amendment', () => {
    expect(amendedName('X-1', true)).toBe('X-2')
    expect(amendedName('SINV-2026-00001-9', true)).toBe('SINV-2026-00001-10')
  })

  it('reads the suffix with cint', () => {
    expect(amendedName('X-abc', true)).toBe('X-1')
    expect(amendedName('X-2.7', true)).toBe('X-3')
    expect(amendedName('X- 4 ', true)).toBe('X-5')
    expect(amendedName('X-99999999999999999999', true)).toBe('X-100000000000000000001')
    expect(amendedName('X', true)).toBe('-1')
  })

  it('accepts a lookup', () => {
    const amendments = new Set(['A-1'])
    expect(amendedName('A-1', (n) => amendments.has(n))).toBe('A-2')
    expect(amendedName('B-1', (n) => amendments.has(n))).toBe('B-1-1')
  })
})
