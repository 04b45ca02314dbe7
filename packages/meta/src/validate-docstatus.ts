import { FrappeError } from './errors.ts'

/** What a save does, as Frappe's `Document._action` names it. */
export type DocstatusAction = 'save' | 'submit' | 'update_after_submit' | 'cancel'

function invalidDocstatus(): FrappeError {
  // Raised, not thrown through msgprint: Frappe sends no _server_messages for these.
  return new FrappeError('ValidationError', 'Invalid docstatus', { messages: [] })
}

function transitionError(message: string): FrappeError {
  return new FrappeError('DocstatusTransitionError', message, { messages: [] })
}

/**
 * document.py check_docstatus_transition: the action a save performs going from the stored
 * docstatus (`previous`, undefined for a new document, which counts as 0) to `next`.
 * 0→0 save, 0→1 submit, 1→1 update after submit, 1→2 cancel. 0→2 and 1→0 raise
 * DocstatusTransitionError; anything from 2 raises ValidationError "Cannot edit cancelled
 * document" (Frappe's class for it is ValidationError, not DocstatusTransitionError).
 */
export function docstatusAction(previous: number | undefined, next: number): DocstatusAction {
  const from = previous ?? 0
  if (from === 2) throw new FrappeError('ValidationError', 'Cannot edit cancelled document', { messages: [] })
  if (from === 0) {
    if (next === 0) return 'save'
    if (next === 1) return 'submit'
    if (next === 2) throw transitionError('Cannot change docstatus from 0 (Draft) to 2 (Cancelled)')
    throw invalidDocstatus()
  }
  if (from === 1) {
    if (next === 1) return 'update_after_submit'
    if (next === 2) return 'cancel'
    if (next === 0) throw transitionError('Cannot change docstatus from 1 (Submitted) to 0 (Draft)')
    throw invalidDocstatus()
  }
  throw invalidDocstatus()
}

/** Throws FrappeError unless going from docstatus `previous` (undefined: new document) to `next` is allowed. */
export function checkDocstatusTransition(previous: number | undefined, next: number): void {
  docstatusAction(previous, next)
}
