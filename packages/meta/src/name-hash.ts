/**
 * Frappe v15 `hash` names (frappe/model/naming.py: `make_autoname("hash")`,
 * `_get_timestamp_prefix`, `_generate_random_string`), with time and randomness passed in.
 */

/** RFC 4648 base32hex, lowercase, as Frappe lowers `base64.b32hexencode`. */
export const BASE32HEX_LOWER = '0123456789abcdefghijklmnopqrstuv'

const TS_MODULUS = 32 ** 4

/** A Frappe hash name: ten characters of `[0-9a-v]`. */
export const HASH_NAME_PATTERN = /^[0-9a-v]{10}$/

/**
 * A 10-character hash name: 4 base32hex characters of `deciseconds mod 32^4` (time since
 * the epoch in tenths of a second, Frappe's `int(time.time() * 10)`, which wraps about
 * every 12 days so names sort roughly by creation), then 6 random base32hex characters.
 * `random` returns a float in [0, 1), like Math.random; each random character consumes
 * one call. Pass `Math.floor(Date.now() / 100)` for the time in production.
 */
export function makeHashName(random: () => number, deciseconds: number): string {
  if (!Number.isFinite(deciseconds)) throw new TypeError(`makeHashName: deciseconds must be finite, got ${deciseconds}`)
  let ts = Math.floor(deciseconds) % TS_MODULUS
  if (ts < 0) ts += TS_MODULUS
  let out = ''
  for (let shift = 15; shift >= 0; shift -= 5) out += BASE32HEX_LOWER.charAt((ts >> shift) & 31)
  for (let i = 0; i < 6; i++) {
    const r = random()
    if (!(r >= 0 && r < 1)) throw new RangeError(`makeHashName: random() must return a number in [0, 1), got ${r}`)
    out += BASE32HEX_LOWER.charAt(Math.floor(r * 32))
  }
  return out
}
