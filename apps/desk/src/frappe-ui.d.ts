/**
 * The frappe-ui components the desk uses, with the props it passes them. Vite resolves these
 * paths to frappe-ui's `.vue` sources (build/frappe-ui-plugin.ts); TypeScript cannot (the
 * package's `exports` does not list them), so it reads these declarations and never checks
 * frappe-ui's own sources under the desk's strict flags. Props and events follow frappe-ui's
 * `types.ts` of the pinned version (apps/desk/package.json).
 */

declare module 'frappe-ui/src/components/Button' {
  import type { DefineComponent } from 'vue'

  export interface ButtonProps {
    theme?: 'gray' | 'blue' | 'green' | 'red'
    size?: 'sm' | 'md' | 'lg' | 'xl' | '2xl'
    variant?: 'solid' | 'subtle' | 'outline' | 'ghost'
    /** Shown when there is no default slot; also the button's aria-label. */
    label?: string
    tooltip?: string
    /** Shows a spinner and disables the button. */
    loading?: boolean
    /** The text while `loading`. */
    loadingText?: string
    disabled?: boolean
    type?: 'button' | 'submit' | 'reset'
  }
  export const Button: DefineComponent<ButtonProps>
}

declare module 'frappe-ui/src/components/Badge' {
  import type { DefineComponent } from 'vue'

  export interface BadgeProps {
    theme?: 'gray' | 'blue' | 'green' | 'orange' | 'red'
    size?: 'sm' | 'md' | 'lg'
    variant?: 'solid' | 'subtle' | 'outline' | 'ghost'
    label?: string | number
  }
  export const Badge: DefineComponent<BadgeProps>
}

declare module 'frappe-ui/src/components/TextInput' {
  import type { ComponentOptionsMixin, DefineComponent } from 'vue'

  /** A styled `<input>`: attributes other than these props (aria-*, readonly, role, listeners) go to the input. */
  export interface TextInputProps {
    type?: 'text' | 'number' | 'email' | 'date' | 'datetime-local' | 'password' | 'search' | 'tel' | 'time' | 'url'
    size?: 'sm' | 'md' | 'lg' | 'xl'
    variant?: 'subtle' | 'outline' | 'ghost'
    placeholder?: string
    disabled?: boolean
    id?: string
    modelValue?: string | number
    /** Milliseconds to wait before emitting `update:modelValue`. */
    debounce?: number
    required?: boolean
  }
  export const TextInput: DefineComponent<TextInputProps, object, object, Record<string, never>, Record<string, never>, ComponentOptionsMixin, ComponentOptionsMixin, { 'update:modelValue': (value: string) => true }>
}

declare module 'frappe-ui/src/components/Alert' {
  import type { DefineComponent } from 'vue'

  /** `role="alert"`; slots: `description`, `footer`, `icon`. */
  export interface AlertProps {
    title: string
    theme?: 'yellow' | 'blue' | 'red' | 'green'
    variant?: 'subtle' | 'outline'
    description?: string
    /** Its dismiss button has no accessible name: the desk keeps this false. */
    dismissable?: boolean
  }
  export const Alert: DefineComponent<AlertProps>
}

declare module 'frappe-ui/src/components/Dialog' {
  import type { ComponentOptionsMixin, DefineComponent } from 'vue'
  import type { ButtonProps } from 'frappe-ui/src/components/Button'

  export interface DialogAction extends ButtonProps {
    label: string
    /** Without it the action closes the dialog. */
    onClick?: (context: { close: () => void }) => void | Promise<void>
  }
  export interface DialogOptions {
    title?: string
    message?: string
    size?: 'xs' | 'sm' | 'md' | 'lg' | 'xl' | '2xl' | '3xl' | '4xl' | '5xl' | '6xl' | '7xl'
    actions?: DialogAction[]
    position?: 'top' | 'center'
  }
  export interface DialogProps {
    modelValue: boolean
    options?: DialogOptions
    disableOutsideClickToClose?: boolean
  }
  /** A modal (reka-ui): focus trapped inside, Escape closes. Slots: `body-header`, `body-content`, `actions`. */
  export const Dialog: DefineComponent<DialogProps, object, object, Record<string, never>, Record<string, never>, ComponentOptionsMixin, ComponentOptionsMixin, { 'update:modelValue': (open: boolean) => true; close: () => true }> & {
    /** reka-ui's DialogTitle: names the dialog (aria-labelledby). */
    Title: DefineComponent<{ as?: string }>
  }
}

declare module 'frappe-ui/src/components/Dropdown' {
  import type { DefineComponent } from 'vue'
  import type { ButtonProps } from 'frappe-ui/src/components/Button'

  export interface DropdownAction {
    label: string
    onClick?: () => void
    theme?: 'gray' | 'red'
    disabled?: boolean
    /** Left out of the menu when it returns false. */
    condition?: () => boolean
  }
  export interface DropdownGroup {
    group: string
    hideLabel?: boolean
    items: DropdownAction[]
  }
  /** A menu (reka-ui): arrow keys move, Enter picks, Escape closes. */
  export interface DropdownProps {
    options?: (DropdownAction | DropdownGroup)[]
    /** The trigger: a frappe-ui Button with these props (its `label` is its text and name). */
    button?: ButtonProps
    placement?: 'left' | 'right' | 'center'
    side?: 'top' | 'right' | 'bottom' | 'left'
    align?: 'start' | 'center' | 'end'
  }
  export const Dropdown: DefineComponent<DropdownProps>
}

declare module 'frappe-ui/src/components/LoadingIndicator.vue' {
  import type { DefineComponent } from 'vue'

  const LoadingIndicator: DefineComponent<{ scale?: number }>
  // eslint-disable-next-line no-restricted-syntax -- the .vue file's own default export
  export default LoadingIndicator
}
