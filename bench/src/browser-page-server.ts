import { createServer, request, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

/**
 * The page's origin on loopback: `/` is the bench page, `/bench.js` its bundle, and `/api/*`
 * is passed to the Outpost server as it streams, so the page talks to the server same-origin
 * (no CORS), as an app served beside its site does.
 */
export interface PageServer {
  readonly url: string
  close(): Promise<void>
}

const HTML = '<!doctype html><meta charset="utf-8"><title>Outpost browser bench</title><script type="module" src="/bench.js"></script>'

function proxy(target: URL, req: IncomingMessage, res: ServerResponse): void {
  const upstream = request({ hostname: target.hostname, port: target.port, path: req.url, method: req.method, headers: { ...req.headers, host: target.host } }, (answer) => {
    res.writeHead(answer.statusCode ?? 502, answer.headers)
    answer.pipe(res)
  })
  upstream.on('error', (e) => {
    if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' })
    res.end(`proxy: ${e.message}`)
  })
  req.pipe(upstream)
}

export async function startPageServer(bundle: string, serverUrl: string): Promise<PageServer> {
  const target = new URL(serverUrl)
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0]
    if (path?.startsWith('/api/')) return proxy(target, req, res)
    if (path === '/') return res.writeHead(200, { 'content-type': 'text/html' }).end(HTML)
    if (path === '/bench.js') return res.writeHead(200, { 'content-type': 'text/javascript' }).end(bundle)
    res.writeHead(404).end()
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections()
      server.close(() => resolve())
    }),
  }
}
