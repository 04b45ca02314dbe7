import { shallowRef, type ShallowRef } from 'vue'

/** A question for the user before an action that cannot be undone (Frappe's `frappe.confirm`). */
export interface ConfirmRequest {
  readonly title: string
  readonly message: string
  /** The confirming button's text: the action itself ("Submit", "Delete"). */
  readonly action: string
  readonly danger?: boolean
}

export interface PendingConfirm extends ConfirmRequest {
  answer(ok: boolean): void
}

export interface Confirm {
  /** What ConfirmDialog shows; undefined while nothing is asked. */
  readonly pending: Readonly<ShallowRef<PendingConfirm | undefined>>
  /** Resolves true when the user confirms; false when they go back, press Escape or click outside. */
  ask(request: ConfirmRequest): Promise<boolean>
}

/** One confirmation at a time: a new question answers the open one with "no". */
export function useConfirm(): Confirm {
  const pending = shallowRef<PendingConfirm | undefined>(undefined)
  function ask(request: ConfirmRequest): Promise<boolean> {
    pending.value?.answer(false)
    return new Promise((resolve) => {
      const entry: PendingConfirm = {
        ...request,
        answer(ok) {
          if (pending.value === entry) pending.value = undefined
          resolve(ok)
        },
      }
      pending.value = entry
    })
  }
  return { pending, ask }
}
