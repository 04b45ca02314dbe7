/**
 * The one failure type of the replica. Expected outcomes (a rejection, a conflict) are data,
 * not errors; an OutpostError is for what the caller cannot go on from.
 */
export type OutpostErrorCode =
  | 'VALIDATION'        // a local save refused by meta rules; `fields` says which
  | 'NOT_FOUND'
  | 'NOT_PERMITTED'
  | 'OFFLINE'
  | 'AUTH_REQUIRED'
  | 'STORE_CORRUPT'
  | 'STORE_CLOSED'
  | 'STORE_FULL'        // the device or browser quota refused a write; nothing of it was kept
  | 'STORE_LOCKED'      // an encrypted local store opened without its passphrase, or with a wrong one
  | 'META_MISSING'
  | 'INVALID_ARGUMENT'
  | 'REMOTE'
  | 'MIGRATION_FAILED'  // an app migration threw: nothing of the pending migrations was kept
  | 'PENDING_CHANGES'   // refused: it would drop local changes that have not reached the server
  | 'INTERNAL'          // something failed that no other code names (a bug): reported, not hidden

export interface FieldError {
  readonly doctype: string
  readonly fieldname: string | undefined
  readonly row: number | undefined
  readonly message: string
}

export class OutpostError extends Error {
  readonly code: OutpostErrorCode
  readonly retryable: boolean
  /** For VALIDATION: the messages Frappe's desk would show next to fields. */
  readonly fields: readonly FieldError[]

  constructor(code: OutpostErrorCode, message: string, options: { retryable?: boolean; cause?: unknown; fields?: readonly FieldError[] } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause })
    this.name = 'OutpostError'
    this.code = code
    this.retryable = options.retryable ?? false
    this.fields = options.fields ?? []
  }
}
