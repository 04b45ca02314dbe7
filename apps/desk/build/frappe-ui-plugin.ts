import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Alias, Plugin } from 'vite'

/** Where npm put a package: the desk's own node_modules, or the workspace root's. */
function packageDir(name: string): string {
  const dirs = ['../node_modules/', '../../../node_modules/'].map((d) => fileURLToPath(new URL(`${d}${name}`, import.meta.url)))
  const found = dirs.find((d) => existsSync(join(d, 'package.json')))
  if (!found) throw new Error(`Outpost Desk: ${name} is not installed (npm ci)`)
  return found
}

/**
 * frappe-ui's components one by one, from its sources: `frappe-ui/src/...` (past the package's
 * `exports`, which only lists an entry that re-exports everything, TipTap editor included).
 * TypeScript cannot resolve these paths and reads the desk's declarations of them instead
 * (`src/frappe-ui.d.ts`), so the desk's strict check never reaches frappe-ui's sources.
 */
export function frappeUiAlias(): Alias {
  return { find: /^frappe-ui\/src\//, replacement: `${join(packageDir('frappe-ui'), 'src')}/` }
}

const ICONS = '~icons/lucide/'
const VIRTUAL = '\0outpost-lucide:'

/** The SVG of a lucide icon as a Vue component, which `unplugin-icons` makes for frappe-ui's own build. */
function iconModule(name: string, svg: string): string {
  const inner = /<svg[^>]*>([\s\S]*)<\/svg>/.exec(svg)?.[1]?.replace(/\s+/g, ' ').trim()
  if (inner === undefined) throw new Error(`Outpost Desk: lucide icon ${name} has no <svg>`)
  const attrs = { xmlns: 'http://www.w3.org/2000/svg', width: '1em', height: '1em', viewBox: '0 0 24 24', fill: 'none', stroke: 'currentColor',
    'stroke-width': '1.5', 'stroke-linecap': 'round', 'stroke-linejoin': 'round', 'aria-hidden': 'true', innerHTML: inner }
  return `import { h } from 'vue'\nexport default { name: ${JSON.stringify(`lucide-${name}`)}, render: () => h('svg', ${JSON.stringify(attrs)}) }\n`
}

/** Resolves frappe-ui's `~icons/lucide/<name>` imports from lucide-static's SVG files. */
export function lucideIconsPlugin(): Plugin {
  const icons = join(packageDir('lucide-static'), 'icons')
  return {
    name: 'outpost-desk-lucide-icons',
    enforce: 'pre',
    resolveId: (id) => (id.startsWith(ICONS) ? `${VIRTUAL}${id.slice(ICONS.length)}` : undefined),
    load(id) {
      if (!id.startsWith(VIRTUAL)) return undefined
      const name = id.slice(VIRTUAL.length)
      if (!/^[a-z0-9-]+$/.test(name)) throw new Error(`Outpost Desk: bad lucide icon name ${name}`)
      return iconModule(name, readFileSync(join(icons, `${name}.svg`), 'utf8'))
    },
  }
}
