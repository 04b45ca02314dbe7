import { fileURLToPath } from 'node:url'
import frappeUi from 'frappe-ui/tailwind'

const here = (p) => fileURLToPath(new URL(p, import.meta.url))
/** The frappe-ui sources the desk bundles (build/frappe-ui-plugin.ts): their classes are generated too. */
const FRAPPE_UI = ['{Alert,Badge,Button,Dialog,Dropdown,ItemList,Switch,TextInput,Tooltip}/*.vue', 'Dropdown/utils.ts', '{FeatherIcon,LoadingIndicator}.vue']

/**
 * frappe-ui's preset: its palette and semantic colours (`ink-*`, `surface-*`, `outline-*`) as CSS
 * variables, its type scale, `@tailwindcss/forms` and the `form-*` control classes.
 * Loaded by Tailwind (jiti), which resolves the preset's extensionless `tailwindcss/colors`.
 * @type {import('tailwindcss').Config}
 */
// eslint-disable-next-line no-restricted-syntax -- Tailwind reads a config's default export
export default {
  presets: [frappeUi],
  content: [
    here('./index.html'),
    here('./src/**/*.{vue,ts}'),
    ...FRAPPE_UI.map((c) => here(`../../node_modules/frappe-ui/src/components/${c}`)),
  ],
}
