/**
 * UUID version 7 (RFC 9562): 48 bits of Unix milliseconds, then a 12-bit counter, then 62
 * random bits. Ids made one after another sort in the order they were made, so the indexes
 * that hold them (mutation ids, `outpost_id`s, temp names: on the server and in the local
 * store) take each new key at their end instead of on a random page: fewer pages written per
 * commit. The counter keeps ids of one millisecond in order; a clock that steps back is not
 * followed, so order holds across it too.
 */
export function timeOrderedUuids(now: () => number, randomBytes: (length: number) => Uint8Array): () => string {
  let lastMs = -1
  let counter = 0
  return () => {
    let ms = Math.max(0, Math.floor(now()))
    if (ms > lastMs) {
      lastMs = ms
      counter = 0
    } else {
      ms = lastMs
      counter++
      // 4,096 ids in one millisecond: borrow the next one
      if (counter > 0xfff) {
        lastMs = ms = lastMs + 1
        counter = 0
      }
    }
    const b = randomBytes(16)
    const hex = (from: number, to: number): string => Array.from(b.subarray(from, to), (x) => x.toString(16).padStart(2, '0')).join('')
    const time = ms.toString(16).padStart(12, '0').slice(-12)
    const version = (0x7000 | counter).toString(16)
    const variant = ((b[8]! & 0x3f) | 0x80).toString(16).padStart(2, '0')
    return `${time.slice(0, 8)}-${time.slice(8)}-${version}-${variant}${hex(9, 10)}-${hex(10, 16)}`
  }
}
