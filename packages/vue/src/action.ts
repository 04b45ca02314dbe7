import type { OutpostError } from '@outpost/core'
import { computed, reactive, ref, shallowRef } from 'vue'
import { callHook, toOutpostError } from './errors.ts'

/** Callbacks a caller may pass to one action, as frappe-ui resources take them. */
export interface ActionHooks<T> {
  readonly onSuccess?: ((data: T) => void) | undefined
  readonly onError?: ((error: OutpostError) => void) | undefined
}

/**
 * A write in frappe-ui's resource shape (`insert`, `setValue`, `delete` …): `submit()` runs it,
 * `loading`, `error` and `data` follow. `submit()` never rejects — a failure lands in `error`
 * (an OutpostError) and `submit()` resolves to `undefined` — so a click handler that does not
 * await it leaves no unhandled rejection.
 */
export interface Action<A extends unknown[], T> {
  readonly loading: boolean
  readonly error: OutpostError | null
  readonly data: T | null
  submit(...args: A): Promise<T | undefined>
  /** Clear `data` and `error`. */
  reset(): void
}

export function action<A extends unknown[], T>(run: (...args: A) => Promise<T>, hooks: ActionHooks<T> = {}): Action<A, T> {
  const running = ref(0)
  const error = shallowRef<OutpostError | null>(null)
  const data = shallowRef<T | null>(null)
  const submit = async (...args: A): Promise<T | undefined> => {
    running.value++
    try {
      const out = await run(...args)
      data.value = out
      error.value = null
      callHook(hooks.onSuccess, out)
      return out
    } catch (e) {
      const err = toOutpostError(e)
      error.value = err
      callHook(hooks.onError, err)
      return undefined
    } finally {
      running.value--
    }
  }
  const reset = (): void => {
    data.value = null
    error.value = null
  }
  // reactive() unwraps the refs; with a generic T its mapped type cannot be shown equal to Action.
  return reactive({ loading: computed(() => running.value > 0), error, data, submit, reset }) as Action<A, T>
}
