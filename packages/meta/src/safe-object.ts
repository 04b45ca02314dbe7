/**
 * Safe construction of documents from untrusted input: keys are defined, never assigned,
 * so `__proto__`, `constructor` or `prototype` in a payload can never reach a prototype.
 */

/** A non-null, non-array object whose prototype is Object.prototype or null (what JSON.parse makes). */
export function isPlainRecord(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false
  const proto: unknown = Object.getPrototypeOf(value)
  return proto === Object.prototype || proto === null
}

/**
 * Define an own, enumerable, writable property; safe for any key, `__proto__` included.
 * On a plain record only `__proto__` reaches an accessor when assigned, so every other key
 * is assigned (defineProperty on every key would leave objects in slow dictionary mode).
 */
export function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true })
  else target[key] = value
}

/** Own enumerable keys, without `__proto__`: the one key no document may carry. */
export function safeKeys(record: Readonly<Record<string, unknown>>): string[] {
  return Object.keys(record).filter((k) => k !== '__proto__')
}

/** A shallow copy of a record without its `__proto__` key (object spread defines keys, it never assigns them). */
export function shallowCopy(record: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...record }
  if (Object.hasOwn(out, '__proto__')) delete out['__proto__']
  return out
}

/**
 * A deep copy of JSON-compatible data. JSON.parse defines keys (it never assigns them),
 * so a `__proto__` key survives only as a harmless own property. Returns undefined for
 * values JSON cannot carry (functions, symbols, cycles, BigInt).
 */
export function copyJson(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value
  try {
    const text = JSON.stringify(value)
    return text === undefined ? undefined : (JSON.parse(text) as unknown)
  } catch {
    return undefined
  }
}
