/** Server time, as Frappe writes it: naive local time with microseconds. Strictly increasing. */
export interface Clock {
  now(): string
  today(): string
  date(): Date
}

const pad = (n: number, w = 2): string => String(n).padStart(w, '0')

/** `YYYY-MM-DD HH:MM:SS` of `d` in local time. */
function formatSecond(d: Date): string {
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`
}

export function formatDatetime(d: Date, micro: number): string {
  return `${formatSecond(d)}.${pad(micro, 6)}`
}

/**
 * `formatSecond`, worked out once per second: a save asks the clock several times, and local
 * time's fields cost more than the rest of a stamp.
 */
function secondFormatter(): (d: Date) => string {
  let second = Number.NaN
  let text = ''
  return (d) => {
    const s = Math.floor(d.getTime() / 1000)
    if (s !== second) {
      second = s
      text = formatSecond(d)
    }
    return text
  }
}

/** The naive stamp one microsecond after `stamp` (calendar arithmetic, no time zone). */
function nextMicrosecond(stamp: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})\.(\d{6})$/.exec(stamp)
  if (!m) throw new Error(`Not a timestamp: ${stamp}`)
  const [y, mo, d, h, mi, s, f] = m.slice(1).map(Number) as [number, number, number, number, number, number, number]
  const micros = f + 1
  const t = new Date(Date.UTC(y, mo - 1, d, h, mi, s) + Math.floor(micros / 1_000_000) * 1000)
  return `${t.getUTCFullYear()}-${pad(t.getUTCMonth() + 1)}-${pad(t.getUTCDate())} ${pad(t.getUTCHours())}:${pad(t.getUTCMinutes())}:${pad(t.getUTCSeconds())}.${pad(micros % 1_000_000, 6)}`
}

export function systemClock(source: () => Date = () => new Date()): Clock {
  let lastMicros = 0
  let lastDate = source()
  let lastStamp = ''
  const localSecond = secondFormatter()
  return {
    now() {
      const d = source()
      let micros = d.getTime() * 1000
      if (micros <= lastMicros) micros = lastMicros + 1
      lastMicros = micros
      lastDate = new Date(Math.floor(micros / 1000))
      let stamp = `${localSecond(lastDate)}.${pad(micros % 1_000_000, 6)}`
      // local wall time repeats when daylight saving ends: never hand out a stamp that sorts before the last
      if (stamp <= lastStamp) stamp = nextMicrosecond(lastStamp)
      lastStamp = stamp
      return stamp
    },
    today() {
      return localSecond(source()).slice(0, 10)
    },
    date() {
      const d = source()
      return lastDate.getTime() > d.getTime() ? lastDate : d
    },
  }
}
