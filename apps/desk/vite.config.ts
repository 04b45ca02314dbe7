import vue from '@vitejs/plugin-vue'
import { fileURLToPath } from 'node:url'
import { defaultClientConditions, defineConfig } from 'vite'
import { frappeUiAlias, lucideIconsPlugin } from './build/frappe-ui-plugin.ts'
import { serviceWorkerPlugin } from './build/service-worker-plugin.ts'

const site = process.env['OUTPOST_SITE'] ?? 'http://127.0.0.1:8000'

/** The Outpost Desk. Workspace packages are bundled from their TypeScript sources; frappe-ui's components from theirs. */
// eslint-disable-next-line no-restricted-syntax -- Vite reads a config's default export
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  plugins: [lucideIconsPlugin(), vue(), serviceWorkerPlugin()],
  resolve: { conditions: ['outpost-source', ...defaultClientConditions], alias: [frappeUiAlias()] },
  css: { postcss: fileURLToPath(new URL('.', import.meta.url)) },
  build: { target: 'es2022', outDir: 'dist', emptyOutDir: true, sourcemap: true, chunkSizeWarningLimit: 1500, rolldownOptions: { checks: { pluginTimings: false } } },
  // `npm run dev -w apps/desk`: the site's API on the same origin, as `outpost serve` gives it.
  server: { proxy: { '/api': site, '/socket.io': { target: site, ws: true } } },
})
