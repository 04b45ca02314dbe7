import { FrappeError, isFrappeError } from '@outpost/meta'

export interface ErrorReply {
  readonly status: number
  readonly body: Record<string, unknown>
}

/**
 * Frappe v15's v1 error body: `exc_type`, `exception`, `exc` and `_server_messages`
 * (a JSON string whose elements are JSON strings). 404s carry no traceback, as in Frappe.
 */
export function errorReply(error: FrappeError): ErrorReply {
  const exception = `frappe.exceptions.${error.excType}: ${error.message}`
  const body: Record<string, unknown> = { exc_type: error.excType }
  if (error.httpStatus !== 404) {
    body['exception'] = exception
    body['exc'] = JSON.stringify([exception])
  }
  if (error.messages.length > 0) body['_server_messages'] = JSON.stringify(error.messages.map((m) => JSON.stringify(m)))
  if (error.excType === 'PermissionError') body['_error_message'] = error.message
  return { status: error.httpStatus, body }
}

/** Any thrown value becomes a FrappeError; unknown failures are a 500 without internals. */
export function toFrappeError(e: unknown): FrappeError {
  if (isFrappeError(e)) return e
  const code = (e as { code?: unknown } | null)?.code
  const statusCode = (e as { statusCode?: unknown } | null)?.statusCode
  if (code === 'FST_ERR_CTP_BODY_TOO_LARGE' || statusCode === 413) {
    return new FrappeError('RequestEntityTooLarge', 'Request body is too large: the limit is 25 MB')
  }
  if (code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' || statusCode === 415) {
    return new FrappeError('BadRequest', 'Unsupported content type: send JSON or form data')
  }
  if (typeof statusCode === 'number' && statusCode >= 400 && statusCode < 500) {
    return new FrappeError('BadRequest', e instanceof Error ? e.message : 'Bad request')
  }
  console.error(e)
  return new FrappeError('InternalServerError', 'Internal Server Error', { cause: e })
}
