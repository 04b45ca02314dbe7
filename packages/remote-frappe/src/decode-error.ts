import type { RemoteError } from '@outpost/core'

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', '#39': "'" }

/** Frappe messages are HTML (`<b>`, `<br>`, links); the log shows plain text. */
export function stripHtml(html: string): string {
  return html
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<[^>]*>/g, '')
    .replace(/&(amp|lt|gt|quot|apos|nbsp|#39);/g, (_m, e: string) => ENTITIES[e] ?? '')
    .replace(/[ \t]+\n/g, '\n')
    .trim()
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return text
  }
}

function messageText(item: unknown): string | undefined {
  const value = typeof item === 'string' ? parseJson(item) : item
  if (typeof value === 'string') return value
  const message = (value as { message?: unknown } | null)?.message
  if (typeof message === 'string') return message
  return message === undefined || message === null ? undefined : JSON.stringify(message)
}

/** `_server_messages` is a JSON string of JSON strings: decode twice. v2's `errors` are plain objects. */
export function serverMessages(body: Record<string, unknown>): string[] {
  const raw = body['_server_messages']
  const list = typeof raw === 'string' ? parseJson(raw) : raw
  const v2 = Array.isArray(body['errors']) ? body['errors'] : []
  const items = [...(Array.isArray(list) ? list : []), ...v2]
  return items.map(messageText).filter((m): m is string => m !== undefined).map(stripHtml).filter((m) => m !== '')
}

const BY_STATUS: Record<number, string> = {
  400: 'BadRequest', 401: 'AuthenticationError', 403: 'PermissionError', 404: 'DoesNotExistError', 409: 'DuplicateEntryError',
  410: 'LinkExpired', 413: 'RequestEntityTooLarge', 415: 'UnsupportedMediaType', 417: 'ValidationError', 429: 'TooManyRequestsError',
  503: 'ServiceUnavailable',
}

/** `frappe.exceptions.ValidationError: text` → class and text. */
function splitException(exception: unknown): { excType: string | undefined; text: string | undefined } {
  if (typeof exception !== 'string') return { excType: undefined, text: undefined }
  const m = /^([\w.]+):\s*([\s\S]*)$/.exec(exception.trim())
  if (!m) return { excType: undefined, text: exception }
  return { excType: m[1]?.split('.').pop(), text: m[2] }
}

function v2Type(body: Record<string, unknown>): string | undefined {
  const first: unknown = Array.isArray(body['errors']) ? body['errors'][0] : undefined
  const type = (first as { type?: unknown } | undefined)?.type
  return typeof type === 'string' ? type : undefined
}

/** A Frappe error body (v1, or v2 `errors`) as the port's RemoteError. */
export function decodeError(status: number, body: Record<string, unknown>, statusText = ''): RemoteError {
  const messages = serverMessages(body)
  const exception = splitException(body['exception'])
  const excType = typeof body['exc_type'] === 'string' ? body['exc_type'] : exception.excType ?? v2Type(body)
    ?? BY_STATUS[status] ?? (status >= 500 ? 'ServerError' : 'HTTPError')
  const bare = typeof body['message'] === 'string' ? stripHtml(body['message']) : undefined
  const errorMessage = typeof body['_error_message'] === 'string' ? stripHtml(body['_error_message']) : undefined
  const text = typeof body['_text'] === 'string' ? stripHtml(body['_text']).slice(0, 300) : undefined
  const message = messages.join('\n') || errorMessage || bare || (exception.text && stripHtml(exception.text))
    || text || `HTTP ${String(status)}${statusText ? ` ${statusText}` : ''}`
  return { excType, httpStatus: status, message, messages }
}

/** Fetch threw: refused, reset, DNS, or our timeout fired. */
export function networkError(e: unknown, timeoutMs: number): RemoteError {
  const name = (e as { name?: unknown } | null)?.name
  if (name === 'TimeoutError' || name === 'AbortError') {
    return { excType: 'TimeoutError', httpStatus: undefined, message: `No answer within ${String(timeoutMs)} ms`, messages: [] }
  }
  const cause = (e as { cause?: { code?: unknown; message?: unknown } } | null)?.cause
  const detail = typeof cause?.code === 'string' ? cause.code : typeof cause?.message === 'string' ? cause.message : undefined
  const base = e instanceof Error ? e.message : String(e)
  return { excType: 'NetworkError', httpStatus: undefined, message: detail ? `${base} (${detail})` : base, messages: [] }
}

/** `Retry-After`: delay in seconds, or an HTTP date. */
export function parseRetryAfter(header: string | null, now: number = Date.now()): number | undefined {
  if (header === null || header.trim() === '') return undefined
  const value = header.trim()
  if (/^\d+(\.\d+)?$/.test(value)) return Math.round(Number(value) * 1000)
  const at = Date.parse(value)
  return Number.isNaN(at) ? undefined : Math.max(0, at - now)
}
