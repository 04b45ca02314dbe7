import { fileURLToPath } from 'node:url'

const here = (p) => fileURLToPath(new URL(p, import.meta.url))

/** Frappe-UI's look: neutral grays, small type, quiet controls. @type {import('tailwindcss').Config} */
// eslint-disable-next-line no-restricted-syntax -- Tailwind reads a config's default export
export default {
  content: [here('./index.html'), here('./src/**/*.{vue,ts}')],
  theme: {
    extend: {
      fontFamily: { sans: ['Inter', 'InterVariable', 'system-ui', '-apple-system', 'Segoe UI', 'Roboto', 'sans-serif'] },
      fontSize: { base: ['14px', '1.15'], sm: ['13px', '1.15'], xs: ['12px', '1.15'] },
    },
  },
}
