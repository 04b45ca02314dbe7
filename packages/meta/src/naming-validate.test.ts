import { describe, it, expect } from 'vitest'
import { FrappeError } from './errors.ts'
import { applyNameCase, validateName } from './naming-validate.ts'
import { frappeErrorOf } from './testing/frappe-error-of.ts'
import { namingTestDocType as doctype, planAt as plan } from './testing/naming-helpers.ts'

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
    const e = frappeErrorOf(() => validateName('Note', ''))
    expect(e.excType).toBe('ValidationError')
    expect(e.message).toBe('No Name Specified for Note')
    expect(frappeErrorOf(() => validateName('Note', '   ')).excType).toBe('ValidationError')
  })

  it('refuses "New {doctype}…" before stripping, with NameError (409)', () => {
    const e = frappeErrorOf(() => validateName('Tag', 'New Tag'))
    expect(e.excType).toBe('NameError')
    expect(e.httpStatus).toBe(409)
    expect(e.message).toBe('There were some errors setting the name, please contact the administrator')
    expect(() => validateName('Tag', 'New Tag 1')).toThrow(FrappeError)
    expect(validateName('Tag', ' New Tag')).toBe('New Tag')
  })

  it('refuses the doctype name except for singles and DocType', () => {
    const e = frappeErrorOf(() => validateName('ToDo', ' ToDo '))
    expect(e.excType).toBe('NameError')
    expect(e.message).toBe('Name of ToDo cannot be ToDo')
    expect(validateName('ToDo', 'ToDo', { issingle: true })).toBe('ToDo')
    expect(validateName('DocType', 'DocType')).toBe('DocType')
    expect(validateName('ToDo', 'todo')).toBe('todo')
  })

  it('refuses < and >', () => {
    for (const n of ['a<b', 'a>b', '<script>']) {
      const e = frappeErrorOf(() => validateName('Note', n))
      expect(e.excType).toBe('NameError')
      expect(e.message).toBe("Name cannot contain special characters like '<', '>'")
    }
  })

  it('refuses control characters and lone surrogates inside the name', () => {
    for (const n of ['a\nb', 'a\tb', 'a\u0000b', 'a\u007fb', 'a\u0085b', 'a\ud800b', 'a\udc00']) {
      const e = frappeErrorOf(() => validateName('Note', n))
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
    const e = frappeErrorOf(() => validateName('Note', 'x'.repeat(141)))
    expect(e.excType).toBe('CharacterLengthExceededError')
    expect(validateName('Note', 'x'.repeat(141), { maxLength: 200 })).toHaveLength(141)
  })
})
