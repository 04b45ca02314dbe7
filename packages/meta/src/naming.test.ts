import { describe, it, expect } from 'vitest'
import { canComputeNameOffline, defaultNamingSeries, namingSeriesOptions } from './naming.ts'
import { frappeErrorOf } from './testing/frappe-error-of.ts'
import { namingTestDocType as doctype, planAt as plan, withSeries } from './testing/naming-helpers.ts'

describe('planName: field:', () => {
  const dt = doctype({ autoname: 'field:title' })

  it('takes the stripped field value', () => {
    expect(plan(dt, { title: '  Bottle  ' })).toEqual({ kind: 'final', name: 'Bottle', rule: 'field' })
  })

  it('matches the prefix case-insensitively', () => {
    expect(plan(doctype({ autoname: 'Field:title' }), { title: 'X' })).toMatchObject({ kind: 'final', name: 'X' })
  })

  it('renders non-string values with str()', () => {
    expect(plan(dt, { title: 42 })).toMatchObject({ name: '42' })
    expect(plan(dt, { title: 0 })).toMatchObject({ name: '0' })
    expect(plan(dt, { title: 2.5 })).toMatchObject({ name: '2.5' })
  })

  it('refuses an empty value with "{Label} is required" (ValidationError, 417)', () => {
    for (const title of [undefined, null, '', '   ']) {
      const e = frappeErrorOf(() => plan(dt, { title }))
      expect(e.excType).toBe('ValidationError')
      expect(e.httpStatus).toBe(417)
      expect(e.message).toBe('Title is required')
    }
  })

  it('uses Meta.get_label for the message: None for an unlabelled field, No Label for an unknown one', () => {
    expect(frappeErrorOf(() => plan(doctype({ autoname: 'field:no_label' }))).message).toBe('None is required')
    expect(frappeErrorOf(() => plan(doctype({ autoname: 'field:nope' }))).message).toBe('No Label is required')
    expect(frappeErrorOf(() => plan(doctype({ autoname: 'field:owner' }))).message).toBe('Created By is required')
  })

  it('ignores a client-sent name', () => {
    expect(plan(dt, { title: 'A', name: 'B' })).toMatchObject({ name: 'A' })
  })

  it('validates the result (not the doctype name, no < >)', () => {
    expect(frappeErrorOf(() => plan(dt, { title: 'Test Thing' })).excType).toBe('NameError')
    expect(frappeErrorOf(() => plan(dt, { title: 'a<b' })).httpStatus).toBe(409)
  })

  it('names child rows by their own autoname (frappe test_child_table_naming)', () => {
    expect(plan(doctype({ autoname: 'field:title', istable: 1 }), { title: 'row' })).toMatchObject({ kind: 'final', name: 'row' })
  })
})

describe('planName: Prompt', () => {
  const dt = doctype({ autoname: 'Prompt' })

  it('keeps the client-sent name, stripped', () => {
    expect(plan(dt, { name: ' My Name ' })).toEqual({ kind: 'final', name: 'My Name', rule: 'prompt' })
    expect(plan(doctype({ autoname: 'prompt' }), { name: 'x' })).toMatchObject({ name: 'x' })
  })

  it('prefers __newname, as Document.set_new_name does', () => {
    expect(plan(dt, { name: 'old', __newname: 'new' })).toMatchObject({ name: 'new' })
  })

  it('refuses a missing name with "Please set the document name"', () => {
    for (const doc of [{}, { name: '' }, { name: null }, { __newname: '' }]) {
      const e = frappeErrorOf(() => plan(dt, doc))
      expect(e.excType).toBe('ValidationError')
      expect(e.message).toBe('Please set the document name')
    }
  })

  it('runs validate_name (frappe test_naming_validations)', () => {
    expect(frappeErrorOf(() => plan(dt, { __newname: 'Test Thing' })).excType).toBe('NameError')
    expect(frappeErrorOf(() => plan(dt, { __newname: 'New Test Thing' })).excType).toBe('NameError')
    expect(frappeErrorOf(() => plan(dt, { __newname: 'Tag<>' })).excType).toBe('NameError')
  })

  it('refuses an integer name for a varchar column', () => {
    const e = frappeErrorOf(() => plan(dt, { name: 7 }))
    expect(e.excType).toBe('NameError')
    expect(e.message).toBe('Invalid name type (integer) for varchar name column')
  })

  it('gives a controller name no chance once the client named the doc', () => {
    expect(plan(dt, { name: 'mine' }, { controllerName: 'theirs' })).toMatchObject({ name: 'mine' })
    expect(plan(dt, {}, { controllerName: 'theirs' })).toMatchObject({ name: 'theirs', rule: 'controller' })
  })

  it('treats other prompt-like autonames as Prompt without a name', () => {
    expect(frappeErrorOf(() => plan(doctype({ autoname: 'Prompt2' }), { name: 'x' })).message).toBe('Please set the document name')
  })
})

describe('planName: hash, autoincrement, singles', () => {
  it('hashes for autoname hash, none, or unknown', () => {
    expect(plan(doctype({ autoname: 'hash' }))).toEqual({ kind: 'hash' })
    expect(plan(doctype({ autoname: 'Hash' }))).toEqual({ kind: 'hash' })
    expect(plan(doctype())).toEqual({ kind: 'hash' })
    expect(plan(doctype({ autoname: 'something' }))).toEqual({ kind: 'hash' })
    expect(plan(doctype({ istable: 1 }))).toEqual({ kind: 'hash' })
  })

  it('ignores a client-sent name when hashing', () => {
    expect(plan(doctype({ autoname: 'hash' }), { name: 'mine' })).toEqual({ kind: 'hash' })
  })

  it('uses the sequence for autoincrement (exact spelling, not singles)', () => {
    expect(plan(doctype({ autoname: 'autoincrement' }))).toEqual({ kind: 'autoincrement' })
    expect(plan(doctype({ autoname: 'Autoincrement' }))).toEqual({ kind: 'hash' })
    expect(plan(doctype({ autoname: 'autoincrement', issingle: 1 }))).toEqual({ kind: 'final', name: 'Test Thing', rule: 'single' })
  })

  it('names a single after its doctype', () => {
    expect(plan(doctype({ issingle: 1, autoname: 'field:title' }))).toEqual({ kind: 'final', name: 'Test Thing', rule: 'single' })
  })
})

describe('planName: controller naming ("By script")', () => {
  const dt = doctype({ naming_rule: 'By script' })

  it('uses the name the controller gives, validated', () => {
    expect(plan(dt, {}, { controllerName: ' C-1 ' })).toEqual({ kind: 'final', name: 'C-1', rule: 'controller' })
    expect(frappeErrorOf(() => plan(dt, {}, { controllerName: 'a>b' })).excType).toBe('NameError')
  })

  it('falls back to hash when the caller does not know it', () => {
    expect(plan(dt)).toEqual({ kind: 'hash' })
  })

  it('comes before the meta autoname', () => {
    expect(plan(withSeries('CUST-.YYYY.-'), {}, { controllerName: 'Jane Doe' })).toMatchObject({ name: 'Jane Doe', rule: 'controller' })
  })
})

describe('canComputeNameOffline', () => {
  it('is true where the meta fixes the name', () => {
    expect(canComputeNameOffline(doctype({ autoname: 'field:title' }))).toBe(true)
    expect(canComputeNameOffline(doctype({ autoname: 'Prompt' }))).toBe(true)
    expect(canComputeNameOffline(doctype({ autoname: 'format:{company}-{YYYY}' }))).toBe(true)
    expect(canComputeNameOffline(doctype({ autoname: 'A.B#C' }))).toBe(true)
    expect(canComputeNameOffline(doctype({ issingle: 1 }))).toBe(true)
  })

  it('is false where the server must name', () => {
    expect(canComputeNameOffline(doctype({ autoname: 'format:LOG-{#####}' }))).toBe(false)
    expect(canComputeNameOffline(withSeries('SINV-.YYYY.-'))).toBe(false)
    expect(canComputeNameOffline(doctype({ autoname: 'HR-.####' }))).toBe(false)
    expect(canComputeNameOffline(doctype({ autoname: 'PRE####' }))).toBe(false)
    expect(canComputeNameOffline(doctype({ autoname: 'hash' }))).toBe(false)
    expect(canComputeNameOffline(doctype({ autoname: 'autoincrement' }))).toBe(false)
    expect(canComputeNameOffline(doctype())).toBe(false)
    expect(canComputeNameOffline(doctype({ naming_rule: 'By script' }))).toBe(false)
  })
})

describe('naming series options', () => {
  it('lists the Select options and picks the first non-empty one', () => {
    const dt = withSeries('\nA-.YYYY.-\nB-')
    expect(namingSeriesOptions(dt)).toEqual(['', 'A-.YYYY.-', 'B-'])
    expect(defaultNamingSeries(dt)).toBe('A-.YYYY.-')
    expect(defaultNamingSeries(doctype())).toBeUndefined()
  })
})
