import type { Plugin } from 'vite'
import { serviceWorkerSource } from './service-worker.ts'

/** Files of `public/` copied as they are: precached with the bundle. */
const PUBLIC_FILES = ['manifest.webmanifest', 'icon.svg', 'icon-192.png', 'icon-512.png']

/** Emits `sw.js` listing every file of the build, so the app shell is precached. */
export function serviceWorkerPlugin(): Plugin {
  return {
    name: 'outpost-desk-service-worker',
    apply: 'build',
    generateBundle(_options, bundle) {
      const files = [...Object.keys(bundle).filter((f) => !f.endsWith('.map')), ...PUBLIC_FILES]
      this.emitFile({ type: 'asset', fileName: 'sw.js', source: serviceWorkerSource(files) })
    },
  }
}
