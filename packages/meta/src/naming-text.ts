/**
 * Small Python text semantics that Frappe's naming code leans on (`str.strip`, `cint`,
 * `cstr`, `str.title`, truthiness, `len`). Internal to meta: the naming modules and validation use them.
 *
 * Values arrive as decoded JSON, so the Python type of a value is guessed the way
 * Frappe would see the same JSON: an integral JS number is an `int`, any other finite
 * number a `float`, `true`/`false` are `bool`, a `Date` stands for a `datetime`.
 */

/** The characters Python's `str.isspace()` accepts, which `str.strip()` removes. */
const PY_SPACE = '\\t\\n\\v\\f\\r\\x1c-\\x1f \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000'
const STRIP_RE = new RegExp(`^[${PY_SPACE}]+|[${PY_SPACE}]+$`, 'g')

/** Python `str.strip()` (JS `trim()` differs: it strips U+FEFF and keeps U+001C..U+001F). */
export function pyStrip(s: string): string {
  return s.replace(STRIP_RE, '')
}

/** Python truthiness of a decoded JSON value. */
export function pyTruthy(v: unknown): boolean {
  if (v === undefined || v === null || v === false || v === 0 || v === '' || v === 0n) return false
  if (typeof v === 'number' && Number.isNaN(v)) return true
  if (Array.isArray(v)) return v.length > 0
  if (typeof v === 'object' && !(v instanceof Date)) return Object.keys(v).length > 0
  return true
}

const pad = (n: number, width: number): string => String(n).padStart(width, '0')

/** Python `str(datetime)`: `YYYY-MM-DD HH:MM:SS[.ffffff]`, from the Date's local parts. */
export function pyDatetimeStr(d: Date, microsecond = d.getMilliseconds() * 1000): string {
  const base = `${pad(d.getFullYear(), 4)}-${pad(d.getMonth() + 1, 2)}-${pad(d.getDate(), 2)} ${pad(d.getHours(), 2)}:${pad(d.getMinutes(), 2)}:${pad(d.getSeconds(), 2)}`
  return microsecond ? `${base}.${pad(microsecond, 6)}` : base
}

/** Python `repr(float)`: shortest round-trip digits, exponent form outside 1e-4 <= |x| < 1e16. */
export function pyFloatRepr(x: number): string {
  if (Number.isNaN(x)) return 'nan'
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf'
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0'
  const sign = x < 0 ? '-' : ''
  const [mantissa = '', expText = '0'] = Math.abs(x).toExponential().split('e')
  const digits = mantissa.replace('.', '')
  const exp = Number(expText)
  if (exp < -4 || exp >= 16) {
    const m = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits
    return `${sign}${m}e${exp < 0 ? '-' : '+'}${pad(Math.abs(exp), 2)}`
  }
  if (exp < 0) return `${sign}0.${'0'.repeat(-exp - 1)}${digits}`
  const intPart = digits.slice(0, exp + 1).padEnd(exp + 1, '0')
  const frac = digits.slice(exp + 1)
  return `${sign}${intPart}.${frac === '' ? '0' : frac}`
}

/**
 * Python `str(value)` for a value that Frappe would hold as int, float, bool, str or
 * datetime; None is ''. Lists and dicts have no faithful rendering here: they become
 * JSON (Python would print its repr), which only matters for nonsense input.
 */
export function pyStr(v: unknown): string {
  if (v === undefined || v === null) return ''
  if (typeof v === 'string') return v
  if (typeof v === 'boolean') return v ? 'True' : 'False'
  if (typeof v === 'bigint') return v.toString()
  if (typeof v === 'number') {
    if (Number.isInteger(v)) return Number.isSafeInteger(v) ? String(v) : BigInt(v).toString()
    return pyFloatRepr(v)
  }
  if (v instanceof Date) return pyDatetimeStr(v)
  return JSON.stringify(v) ?? ''
}

const PY_FLOAT_RE = /^[+-]?(?:(?:\d(?:_?\d)*)(?:\.(?:\d(?:_?\d)*)?)?|\.\d(?:_?\d)*)(?:[eE][+-]?\d(?:_?\d)*)?$/

/**
 * Frappe's `cint` (`int(float(s))`, 0 on any failure) for a string, as an exact bigint.
 * Unicode digits other than ASCII, which Python's `float()` also accepts, are not.
 */
export function cintBig(s: string): bigint {
  const t = pyStrip(s)
  if (!PY_FLOAT_RE.test(t)) return 0n
  const x = Number(t.replaceAll('_', ''))
  if (!Number.isFinite(x)) return 0n
  return BigInt(Math.trunc(x))
}

/** Python's `"%0{width}d" % n`. */
export function pyZeroPad(n: number, width: number): string {
  if (!Number.isInteger(n)) throw new TypeError(`A naming-series counter must be an integer, got ${n}`)
  const digits = Number.isSafeInteger(n) ? String(Math.abs(n)) : (n < 0 ? -BigInt(n) : BigInt(n)).toString()
  return n < 0 ? `-${digits.padStart(width - 1, '0')}` : digits.padStart(width, '0')
}

const CASED = /[\p{Lu}\p{Ll}\p{Lt}]/u
/** The titlecase letters, which upper-casing would miss (Ǆ/ǅ/ǆ → ǅ …). */
const TITLECASE: Readonly<Record<string, string>> = {
  'Ǆ': 'ǅ', 'ǅ': 'ǅ', 'ǆ': 'ǅ', 'Ǉ': 'ǈ', 'ǈ': 'ǈ', 'ǉ': 'ǈ',
  'Ǌ': 'ǋ', 'ǋ': 'ǋ', 'ǌ': 'ǋ', 'Ǳ': 'ǲ', 'ǲ': 'ǲ', 'ǳ': 'ǲ',
}

/** Python `str.title()`: a cased letter after a cased letter is lowered, any other is raised. */
export function pyTitle(s: string): string {
  let out = ''
  let prevCased = false
  for (const ch of s) {
    const cased = CASED.test(ch)
    out += cased ? (prevCased ? ch.toLowerCase() : (TITLECASE[ch] ?? ch.toUpperCase())) : ch
    prevCased = cased
  }
  return out
}

/** Length in code points, as Python's `len` and a utf8mb4 varchar count it. */
export function codePointLength(s: string): number {
  let n = 0
  for (const _ of s) n++
  return n
}
