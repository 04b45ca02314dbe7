import tailwindcss from 'tailwindcss'
import config from './tailwind.config.js'

// eslint-disable-next-line no-restricted-syntax -- PostCSS reads a config's default export
export default { plugins: [tailwindcss(config)] }
