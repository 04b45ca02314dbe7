import { build } from 'esbuild'
import { fileURLToPath } from 'node:url'

/**
 * The bench page's script: browser-page.ts and the workspace packages it imports, from their
 * TypeScript sources (the `outpost-source` export condition), bundled into one ES module.
 */
export async function bundlePage(): Promise<string> {
  const result = await build({
    entryPoints: [fileURLToPath(new URL('./browser-page.ts', import.meta.url))],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    conditions: ['outpost-source'],
    sourcemap: 'inline',
    write: false,
    logLevel: 'warning',
  })
  const [file] = result.outputFiles
  if (!file) throw new Error('esbuild wrote no bundle')
  return file.text
}
