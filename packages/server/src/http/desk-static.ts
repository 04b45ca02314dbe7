import { readFile, stat } from 'node:fs/promises'
import { extname, join, normalize, sep } from 'node:path'
import type { FastifyInstance, FastifyReply } from 'fastify'

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
}

/** Paths the site answers itself: never a file of the app, never its index.html. */
const SITE_PATHS = /^\/(api|socket\.io)(\/|$)/

async function fileIn(root: string, urlPath: string): Promise<string | undefined> {
  let decoded: string
  try {
    decoded = decodeURIComponent(urlPath)
  } catch {
    return undefined
  }
  const path = normalize(join(root, decoded))
  if (path !== root && !path.startsWith(root + sep)) return undefined
  try {
    return (await stat(path)).isFile() ? path : undefined
  } catch {
    return undefined
  }
}

async function send(reply: FastifyReply, path: string, cache: string): Promise<FastifyReply> {
  const type = TYPES[extname(path)] ?? 'application/octet-stream'
  return reply.code(200).header('content-type', type).header('cache-control', cache).send(await readFile(path))
}

/** Built assets carry a content hash in their name: they never change, so browsers keep them. */
const cacheFor = (urlPath: string): string => (urlPath.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache')

/**
 * Serve a built single-page app (the Outpost Desk) at `/`: its files as they are, and
 * `index.html` for any other GET outside `/api` and `/socket.io`, so the app's own routes
 * (`/app/sales-invoice/…`) load it too.
 */
export function registerStaticApp(app: FastifyInstance, dir: string, notFound: (reply: FastifyReply, path: string) => FastifyReply): void {
  const root = normalize(dir)
  const index = join(root, 'index.html')
  app.get('/*', async (req, reply) => {
    const urlPath = req.url.split('?')[0] ?? '/'
    if (SITE_PATHS.test(urlPath)) return notFound(reply, urlPath)
    const file = urlPath === '/' ? undefined : await fileIn(root, urlPath)
    if (file) return send(reply, file, cacheFor(urlPath))
    // A missing asset is a 404, not the app's page: a stale tab must not run HTML as a script.
    if (urlPath.startsWith('/assets/') || TYPES[extname(urlPath)] !== undefined) return notFound(reply, urlPath)
    return send(reply, index, 'no-cache')
  })
}
