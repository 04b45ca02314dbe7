/** Server time, as Frappe writes it: naive local time with microseconds. Strictly increasing. */
export interface Clock {
  now(): string
  today(): string
  date(): Date
}

const pad = (n: number, w = 2): string => String(n).padStart(w, '0')

export function formatDatetime(d: Date, micro: number): string {
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(micro, 6)}`
}

export function systemClock(source: () => Date = () => new Date()): Clock {
  let lastMicros = 0
  let lastDate = source()
  return {
    now() {
      const d = source()
      let micros = d.getTime() * 1000
      if (micros <= lastMicros) micros = lastMicros + 1
      lastMicros = micros
      lastDate = new Date(Math.floor(micros / 1000))
      return formatDatetime(lastDate, micros % 1_000_000)
    },
    today() {
      const d = source()
      return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`
    },
    date() {
      return lastDate.getTime() > source().getTime() ? lastDate : source()
    },
  }
}
