/**
 * Frappe's exception classes as data. The HTTP layer maps `httpStatus` and builds the
 * `exc_type` / `_server_messages` body; clients decode the same shape back.
 * Status codes follow frappe/exceptions.py.
 */
export const FRAPPE_EXC_STATUS = {
  ValidationError: 417,
  MandatoryError: 417,
  LinkValidationError: 417,
  CancelledLinkError: 417,
  TimestampMismatchError: 417,
  DocstatusTransitionError: 417,
  UpdateAfterSubmitError: 417,
  CannotChangeConstantError: 417,
  UniqueValidationError: 417,
  LinkExistsError: 417,
  InvalidStatusError: 417,
  DataError: 417,
  CharacterLengthExceededError: 417,
  NonNegativeError: 417,
  EmptyTableError: 417,
  InvalidNameError: 417,
  InvalidNamingSeriesError: 417,
  FrappeTypeError: 417,
  DoesNotExistError: 404,
  PermissionError: 403,
  AuthenticationError: 401,
  SessionExpired: 401,
  NameError: 409,
  DuplicateEntryError: 409,
  CSRFTokenError: 400,
  BadRequest: 400,
  RequestEntityTooLarge: 413,
  TooManyRequestsError: 429,
  InReadOnlyMode: 503,
  InternalServerError: 500,
} as const

export type FrappeExcType = keyof typeof FRAPPE_EXC_STATUS

/** One msgprint entry, as carried in `_server_messages`. */
export interface ServerMessage {
  readonly message: string
  readonly title?: string
  readonly indicator?: string
  readonly raise_exception?: 1
}

/**
 * The one error type of the server side: a Frappe exception with its messages.
 * `exception` is the text after the class name, as Frappe prints `frappe.exceptions.X: <text>`.
 */
export class FrappeError extends Error {
  readonly excType: FrappeExcType
  readonly httpStatus: number
  readonly messages: readonly ServerMessage[]

  constructor(excType: FrappeExcType, message: string, options: { messages?: readonly ServerMessage[]; title?: string; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause })
    this.name = 'FrappeError'
    this.excType = excType
    this.httpStatus = FRAPPE_EXC_STATUS[excType]
    this.messages = options.messages ?? [{ message, title: options.title ?? 'Message', indicator: 'red', raise_exception: 1 }]
  }

  get code(): FrappeExcType {
    return this.excType
  }

  /** Server errors of class 5xx/429/503 are worth retrying; every 4xx is a final answer. */
  get retryable(): boolean {
    return this.httpStatus >= 500 || this.httpStatus === 429
  }
}

export function isFrappeError(e: unknown): e is FrappeError {
  return e instanceof FrappeError
}

export function msg(message: string, title?: string): ServerMessage {
  return title === undefined
    ? { message, indicator: 'red', raise_exception: 1 }
    : { message, title, indicator: 'red', raise_exception: 1 }
}
