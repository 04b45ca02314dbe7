import { fileURLToPath } from 'node:url'
import tailwindcss from 'tailwindcss'

// Tailwind loads its config itself: frappe-ui's preset needs its module loader (see tailwind.config.js).
// eslint-disable-next-line no-restricted-syntax -- PostCSS reads a config's default export
export default { plugins: [tailwindcss({ config: fileURLToPath(new URL('./tailwind.config.js', import.meta.url)) })] }
