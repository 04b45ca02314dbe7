import { build } from 'esbuild'
import { fileURLToPath } from 'node:url'

/** One ES module for the browser: `entry` and the workspace packages it imports, from their TypeScript sources. */
export async function bundle(entry: URL): Promise<string> {
  const result = await build({
    entryPoints: [fileURLToPath(entry)], bundle: true, format: 'esm', platform: 'browser', target: 'es2022',
    conditions: ['outpost-source'], sourcemap: 'inline', write: false, logLevel: 'warning',
  })
  const [file] = result.outputFiles
  if (!file) throw new Error('esbuild wrote no bundle')
  return file.text
}
