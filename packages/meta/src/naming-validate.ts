/**
 * Frappe's `validate_name` (frappe/model/naming.py), plus the few refusals Outpost adds,
 * and the old `name_case` transformation.
 */
import { FrappeError } from './errors.ts'
import { DEFAULT_VARCHAR_LENGTH } from './field-types.ts'
import { codePointLength, pyStrip, pyTitle } from './naming-text.ts'

export interface ValidateNameOptions {
  /** Singles may be named after their doctype. */
  readonly issingle?: boolean
  /** Longest name accepted, in characters; default 140 (Frappe's varchar `name` column). */
  readonly maxLength?: number
}

const SPECIAL = /[<>]/
const CONTROL = /[\p{Cc}\p{Cs}]/u

/**
 * Frappe's `validate_name`, returning the name to store. As Frappe:
 * - empty → ValidationError "No Name Specified for {doctype}";
 * - starting with "New {doctype}" (checked before stripping) → NameError;
 * - leading and trailing whitespace is stripped (Python `str.strip`), not refused;
 * - equal to the doctype's own name (non-singles; "DocType" is allowed) → NameError;
 * - containing `<` or `>` → NameError.
 *
 * Refused on top of Frappe, because they cannot round-trip through URLs, JSON and every
 * store: names that are empty after stripping (ValidationError); control characters
 * anywhere, including tab, newline, NUL, DEL and C1, and unpaired UTF-16 surrogates
 * (NameError); names longer than `maxLength` (CharacterLengthExceededError: MariaDB would
 * fail the insert). Everything else is data: `/`, `%`, `?`, `#`, `..`, quotes and
 * non-ASCII letters are allowed, as in Frappe; URLs must percent-encode the name.
 */
export function validateName(doctypeName: string, name: string, options: ValidateNameOptions = {}): string {
  if (name === '') throw new FrappeError('ValidationError', `No Name Specified for ${doctypeName}`)
  if (name.startsWith(`New ${doctypeName}`)) {
    throw new FrappeError('NameError', 'There were some errors setting the name, please contact the administrator')
  }
  const stripped = pyStrip(name)
  if (options.issingle !== true && stripped === doctypeName && stripped !== 'DocType') {
    throw new FrappeError('NameError', `Name of ${doctypeName} cannot be ${stripped}`)
  }
  if (SPECIAL.test(stripped)) throw new FrappeError('NameError', "Name cannot contain special characters like '<', '>'")
  if (stripped === '') throw new FrappeError('ValidationError', `No Name Specified for ${doctypeName}`)
  if (CONTROL.test(stripped)) throw new FrappeError('NameError', 'Name cannot contain control characters')
  const max = options.maxLength ?? DEFAULT_VARCHAR_LENGTH
  const length = codePointLength(stripped)
  if (length > max) {
    throw new FrappeError('CharacterLengthExceededError', `Name is too long: ${length} characters, the limit is ${max}`)
  }
  return stripped
}

/**
 * The DocType `name_case` option as Frappe before v14 applied it: "Title Case" → Python
 * `str.title()`, "UPPER CASE" → upper case, anything else unchanged. Frappe v15 stores the
 * option but no longer applies it to names, so planName does not call this.
 */
export function applyNameCase(name: string, nameCase: string | undefined): string {
  if (nameCase === 'Title Case') return pyTitle(name)
  if (nameCase === 'UPPER CASE') return name.toUpperCase()
  return name
}
