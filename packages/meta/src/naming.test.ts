import { describe, it, expect } from 'vitest'
import { loadDocType, type DocType } from './doctype.ts'
import { FrappeError } from './errors.ts'
import type { NamingClock } from './naming-series.ts'
import { amendedName, canComputeNameOffline, defaultNamingSeries, namingSeriesOptions, planName, type NamePlan } from './naming.ts'
import { applyNameCase, validateName } from './naming-validate.ts'

const CLOCK: NamingClock = { year: 2026, month: 3, day: 15, hour: 10, minute: 20, second: 30, microsecond: 0 }

function doctype(props: Record<string, unknown> = {}, fields: Record<string, unknown>[] = []): DocType {
  return loadDocType({
    name: 'Test Thing',
    fields: [
      { fieldname: 'title', fieldtype: 'Data', label: 'Title' },
      { fieldname: 'company', fieldtype: 'Link', label: 'Company', options: 'Company' },
      { fieldname: 'amount', fieldtype: 'Currency', label: 'Amount' },
      { fieldname: 'posting_date', fieldtype: 'Date', label: 'Posting Date' },
      { fieldname: 'items', fieldtype: 'Table', label: 'Items', options: 'Test Thing Item' },
      { fieldname: 'no_label', fieldtype: 'Data' },
      ...fields,
    ],
    ...props,
  })
}

const withSeries = (options: string, props: Record<string, unknown> = {}): DocType =>
  doctype({ autoname: 'naming_series:', ...props }, [{ fieldname: 'naming_series', fieldtype: 'Select', label: 'Series', options }])

function plan(dt: DocType, doc: Record<string, unknown> = {}, options: Parameters<typeof planName>[3] = {}): NamePlan {
  return planName(dt, doc, CLOCK, options)
}
function series(p: NamePlan): Extract<NamePlan, { kind: 'series' }> {
  if (p.kind !== 'series') throw new Error(`expected a series plan, got ${JSON.stringify(p)}`)
  return p
}
function catchError(fn: () => unknown): FrappeError {
  try {
    fn()
  } catch (e) {
    if (e instanceof FrappeError) return e
    throw e
  }
  throw new Error('expected a FrappeError')
}

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
      const e = catchError(() => plan(dt, { title }))
      expect(e.excType).toBe('ValidationError')
      expect(e.httpStatus).toBe(417)
      expect(e.message).toBe('Title is required')
    }
  })

  it('uses Meta.get_label for the message: None for an unlabelled field, No Label for an unknown one', () => {
    expect(catchError(() => plan(doctype({ autoname: 'field:no_label' }))).message).toBe('None is required')
    expect(catchError(() => plan(doctype({ autoname: 'field:nope' }))).message).toBe('No Label is required')
    expect(catchError(() => plan(doctype({ autoname: 'field:owner' }))).message).toBe('Created By is required')
  })

  it('ignores a client-sent name', () => {
    expect(plan(dt, { title: 'A', name: 'B' })).toMatchObject({ name: 'A' })
  })

  it('validates the result (not the doctype name, no < >)', () => {
    expect(catchError(() => plan(dt, { title: 'Test Thing' })).excType).toBe('NameError')
    expect(catchError(() => plan(dt, { title: 'a<b' })).httpStatus).toBe(409)
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
      const e = catchError(() => plan(dt, doc))
      expect(e.excType).toBe('ValidationError')
      expect(e.message).toBe('Please set the document name')
    }
  })

  it('runs validate_name (frappe test_naming_validations)', () => {
    expect(catchError(() => plan(dt, { __newname: 'Test Thing' })).excType).toBe('NameError')
    expect(catchError(() => plan(dt, { __newname: 'New Test Thing' })).excType).toBe('NameError')
    expect(catchError(() => plan(dt, { __newname: 'Tag<>' })).excType).toBe('NameError')
  })

  it('refuses an integer name for a varchar column', () => {
    const e = catchError(() => plan(dt, { name: 7 }))
    expect(e.excType).toBe('NameError')
    expect(e.message).toBe('Invalid name type (integer) for varchar name column')
  })

  it('gives a controller name no chance once the client named the doc', () => {
    expect(plan(dt, { name: 'mine' }, { controllerName: 'theirs' })).toMatchObject({ name: 'mine' })
    expect(plan(dt, {}, { controllerName: 'theirs' })).toMatchObject({ name: 'theirs', rule: 'controller' })
  })

  it('treats other prompt-like autonames as Prompt without a name', () => {
    expect(catchError(() => plan(doctype({ autoname: 'Prompt2' }), { name: 'x' })).message).toBe('Please set the document name')
  })
})

describe('planName: naming_series:', () => {
  const dt = withSeries('ACC-SINV-.YYYY.-\nACC-SINV-RET-.YYYY.-')

  it("uses the doc's naming_series", () => {
    const p = series(plan(dt, { naming_series: 'ACC-SINV-RET-.YYYY.-' }))
    expect(p.rule).toBe('naming_series')
    expect(p.key).toBe('ACC-SINV-RET-2026-')
    expect(p.draws).toBe(1)
    expect(p.format(1)).toBe('ACC-SINV-RET-2026-00001')
    expect(p.namingSeries).toBe('ACC-SINV-RET-.YYYY.-')
  })

  it('falls back to the first non-empty option', () => {
    const p = series(plan(withSeries('\n\nSINV-.YY.-\nOTHER-')))
    expect(p.key).toBe('SINV-26-')
    expect(p.format(7)).toBe('SINV-26-00007')
    expect(p.namingSeries).toBe('SINV-.YY.-')
  })

  it('refuses when there is no series at all', () => {
    for (const dt2 of [withSeries(''), doctype({ autoname: 'naming_series:' })]) {
      const e = catchError(() => plan(dt2))
      expect(e.excType).toBe('ValidationError')
      expect(e.message).toBe('Naming Series mandatory')
    }
  })

  it('always appends .#####, so the first hash run of the series wins', () => {
    expect(series(plan(dt, { naming_series: 'SINV-.####' })).format(3)).toBe('SINV-0003')
    // '#' inside a part is no counter, so the appended run is
    const p = series(plan(dt, { naming_series: 'A.B#C' }))
    expect(p.key).toBe('AB#C')
    expect(p.format(3)).toBe('AB#C00003')
  })

  it('validates the series', () => {
    expect(catchError(() => plan(dt, { naming_series: '$INV-' })).excType).toBe('InvalidNamingSeriesError')
    expect(catchError(() => plan(dt, { naming_series: 7 })).excType).toBe('InvalidNamingSeriesError')
  })

  it('reads fields of the doctype, empty when unset, and ignores a client-sent name', () => {
    expect(series(plan(dt, { naming_series: 'SINV-.company.-', company: 'ACME', name: 'X' })).key).toBe('SINV-ACME-')
    expect(series(plan(dt, { naming_series: 'SINV-.company.-' })).key).toBe('SINV--')
    expect(series(plan(dt, { naming_series: 'SINV-.{company}.-' })).key).toBe('SINV--')
    // the name was cleared before naming; docstatus defaults to 0
    expect(series(plan(dt, { naming_series: 'S.name.docstatus.-', name: 'X' })).key).toBe('S0-')
    // not a field of the doctype and not in the doc: literal
    expect(series(plan(dt, { naming_series: 'SINV-.territory.-' })).key).toBe('SINV-territory-')
  })

  it('uses date parts from the clock, not from the posting date', () => {
    expect(series(plan(dt, { posting_date: '2019-01-01' })).key).toBe('ACC-SINV-2026-')
  })

  it('passes naming variables through (ERPNext FY)', () => {
    const p = series(plan(dt, { naming_series: 'SINV-.FY.-' }, { variables: { FY: () => '2025-2026' } }))
    expect(p.key).toBe('SINV-2025-2026-')
  })

  it('validates the formatted name', () => {
    const p = series(plan(dt, { naming_series: '.company.', company: 'a<b' }))
    expect(() => p.format(1)).toThrow(FrappeError)
    const q = series(plan(dt, { naming_series: '.company.', company: '  padded' }))
    expect(q.key).toBe('  padded')
    expect(q.format(1)).toBe('padded00001')
  })
})

describe('planName: autoname with #', () => {
  it('is a series on the autoname', () => {
    const p = series(plan(doctype({ autoname: 'HR-EMP-.####' })))
    expect(p.rule).toBe('series')
    expect(p.key).toBe('HR-EMP-')
    expect(p.format(12)).toBe('HR-EMP-0012')
    expect(p.namingSeries).toBeUndefined()
  })

  it('needs a dot', () => {
    expect(catchError(() => plan(doctype({ autoname: 'PRE####' }))).excType).toBe('InvalidNamingSeriesError')
  })

  it('is a fixed name when no part starts with #', () => {
    expect(plan(doctype({ autoname: 'A.B#C' }))).toEqual({ kind: 'final', name: 'AB#C', rule: 'series' })
  })
})

describe('planName: format:', () => {
  it('replaces braced params (frappe test_format_autoname)', () => {
    const p = series(plan(doctype({ autoname: 'format:TODO-{MM}-{title}-{##}' }), { title: 'Format' }))
    expect(p.rule).toBe('format')
    expect(p.format(5)).toBe('TODO-03-Format-05')
  })

  it('draws from the shared empty-prefix counter, as v15 does', () => {
    expect(series(plan(doctype({ autoname: 'format:TODO-{MM}-{title}-{##}' }), { title: 'Format' })).key).toBe('')
    expect(series(plan(doctype({ autoname: 'format:LOG-{#####}' }))).key).toBe('')
  })

  it('renders WW (test_format_autoname_for_consecutive_week_number)', () => {
    expect(series(plan(doctype({ autoname: 'format:TODO-{WW}-{##}' }))).format(1)).toBe('TODO-11-01')
  })

  it('renders datetime values of fields (test_format_autoname_for_datetime_field)', () => {
    const dt = doctype({ autoname: 'format:TODO-{posting_date}-{##}' })
    expect(series(plan(dt, { posting_date: '2026-03-15' })).format(1)).toBe('TODO-2026-03-15-01')
    expect(series(plan(dt, { posting_date: new Date(2026, 2, 15, 8, 9, 10) })).format(1)).toBe('TODO-2026-03-15 08:09:10-01')
  })

  it('is final without a counter', () => {
    expect(plan(doctype({ autoname: 'format:{company}-{YYYY}' }), { company: 'ACME' })).toEqual({ kind: 'final', name: 'ACME-2026', rule: 'format' })
  })

  it('takes one counter value per {#} group', () => {
    const p = series(plan(doctype({ autoname: 'format:A-{##}-{###}' })))
    expect(p.draws).toBe(2)
    expect(p.format(4)).toBe('A-04-005')
  })

  it('keeps unknown params as their text without braces, and other braces as they are', () => {
    expect(plan(doctype({ autoname: 'format:X-{foo}-{a b}-{x.y}' }))).toMatchObject({ name: 'X-foo-a b-{x.y}' })
  })

  it('renders an empty field as nothing and a float field not at all', () => {
    expect(plan(doctype({ autoname: 'format:X-{company}-{amount}' }), { amount: 2.5 })).toMatchObject({ name: 'X--' })
  })

  it('splits at the first colon only', () => {
    expect(plan(doctype({ autoname: 'format:A:{YY}' }))).toMatchObject({ name: 'A:26' })
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
    expect(catchError(() => plan(dt, {}, { controllerName: 'a>b' })).excType).toBe('NameError')
  })

  it('falls back to hash when the caller does not know it', () => {
    expect(plan(dt)).toEqual({ kind: 'hash' })
  })

  it('comes before the meta autoname', () => {
    expect(plan(withSeries('CUST-.YYYY.-'), {}, { controllerName: 'Jane Doe' })).toMatchObject({ name: 'Jane Doe', rule: 'controller' })
  })
})

describe('planName: amendments', () => {
  const dt = withSeries('SINV-.####', { is_submittable: 1 }, )
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

describe('planName: name_case', () => {
  it('is not applied by v15', () => {
    const territory = doctype({ autoname: 'field:title', name_case: 'Title Case' })
    expect(plan(territory, { title: 'north india' })).toMatchObject({ name: 'north india' })
    const upper = doctype({ autoname: 'field:title', name_case: 'UPPER CASE' })
    expect(plan(upper, { title: 'north' })).toMatchObject({ name: 'north' })
  })
})

describe('applyNameCase', () => {
  it('applies Python str.title() and upper()', () => {
    expect(applyNameCase("they're bill's friends 3rd", 'Title Case')).toBe("They'Re Bill'S Friends 3Rd")
    expect(applyNameCase('hELLO wORLD', 'Title Case')).toBe('Hello World')
    expect(applyNameCase('ǆemal', 'Title Case')).toBe('ǅemal')
    expect(applyNameCase('north india', 'UPPER CASE')).toBe('NORTH INDIA')
    expect(applyNameCase('north', undefined)).toBe('north')
    expect(applyNameCase('north', '')).toBe('north')
  })
})

describe('validateName', () => {
  it('strips surrounding whitespace as Python str.strip does', () => {
    expect(validateName('Note', '  a b  ')).toBe('a b')
    expect(validateName('Note', '\u3000a\x1f')).toBe('a')
    expect(validateName('Note', '\ufeffa')).toBe('\ufeffa')
  })

  it('refuses an empty name with ValidationError', () => {
    const e = catchError(() => validateName('Note', ''))
    expect(e.excType).toBe('ValidationError')
    expect(e.message).toBe('No Name Specified for Note')
    expect(catchError(() => validateName('Note', '   ')).excType).toBe('ValidationError')
  })

  it('refuses "New {doctype}…" before stripping, with NameError (409)', () => {
    const e = catchError(() => validateName('Tag', 'New Tag'))
    expect(e.excType).toBe('NameError')
    expect(e.httpStatus).toBe(409)
    expect(e.message).toBe('There were some errors setting the name, please contact the administrator')
    expect(() => validateName('Tag', 'New Tag 1')).toThrow(FrappeError)
    expect(validateName('Tag', ' New Tag')).toBe('New Tag')
  })

  it('refuses the doctype name except for singles and DocType', () => {
    const e = catchError(() => validateName('ToDo', ' ToDo '))
    expect(e.excType).toBe('NameError')
    expect(e.message).toBe('Name of ToDo cannot be ToDo')
    expect(validateName('ToDo', 'ToDo', { issingle: true })).toBe('ToDo')
    expect(validateName('DocType', 'DocType')).toBe('DocType')
    expect(validateName('ToDo', 'todo')).toBe('todo')
  })

  it('refuses < and >', () => {
    for (const n of ['a<b', 'a>b', '<script>']) {
      const e = catchError(() => validateName('Note', n))
      expect(e.excType).toBe('NameError')
      expect(e.message).toBe("Name cannot contain special characters like '<', '>'")
    }
  })

  it('refuses control characters and lone surrogates inside the name', () => {
    for (const n of ['a\nb', 'a\tb', 'a\u0000b', 'a\u007fb', 'a\u0085b', 'a\ud800b', 'a\udc00']) {
      const e = catchError(() => validateName('Note', n))
      expect(e.excType, JSON.stringify(n)).toBe('NameError')
    }
  })

  it('allows what Frappe allows: slashes, percent, dots, quotes, unicode', () => {
    for (const n of ['DE/26/03/00001', 'a%2Fb', '../etc', 'a?b#c', 'O\'Neil "x"', 'Ünïcødé 名前', '😀 emoji', 'a&b']) {
      expect(validateName('Note', n)).toBe(n)
    }
  })

  it('limits the length to 140 characters (code points)', () => {
    expect(validateName('Note', 'x'.repeat(140))).toHaveLength(140)
    expect(validateName('Note', '😀'.repeat(140))).toHaveLength(280)
    const e = catchError(() => validateName('Note', 'x'.repeat(141)))
    expect(e.excType).toBe('CharacterLengthExceededError')
    expect(validateName('Note', 'x'.repeat(141), { maxLength: 200 })).toHaveLength(141)
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
