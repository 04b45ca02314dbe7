/** The `sid` a login answer sets; `Guest` or an expiring cookie means none. */
export function sidFrom(headers: Headers): string | undefined {
  const all = typeof headers.getSetCookie === 'function' ? headers.getSetCookie() : splitSetCookie(headers.get('set-cookie'))
  for (const cookie of all) {
    const m = /^\s*sid=([^;]*)/.exec(cookie)
    if (!m) continue
    const value = decodeURIComponent(m[1] ?? '')
    if (value !== '' && value !== 'Guest' && !/;\s*max-age=0\b/i.test(cookie)) return value
  }
  return undefined
}

/** A folded `set-cookie` header (some fetch polyfills join them with commas). */
function splitSetCookie(header: string | null): string[] {
  return header === null ? [] : header.split(/,(?=\s*[\w-]+=)/)
}
