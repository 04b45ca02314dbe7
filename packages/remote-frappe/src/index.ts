export { frappeRemote } from './frappe-remote.ts'
export type { FrappeRemote } from './frappe-remote.ts'
export type { FrappeRemoteOptions } from './options.ts'
export { decodeError, serverMessages, stripHtml, parseRetryAfter } from './decode-error.ts'
