const pad = (n: number, w = 2): string => String(n).padStart(w, '0')

/** Frappe's timestamp text, `YYYY-MM-DD HH:MM:SS.ffffff`, in local time. */
export function frappeTimestamp(ms: number): string {
  const d = new Date(ms)
  return `${frappeDate(ms)} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds() * 1000, 6)}`
}

export function frappeDate(ms: number): string {
  const d = new Date(ms)
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`
}
