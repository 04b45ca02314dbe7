import { createServer, request, type IncomingMessage, type ServerResponse } from 'node:http'
import { connect, type AddressInfo, type Socket } from 'node:net'

/**
 * A page's origin on loopback: `/` loads `/page.js`, and `/api/*` and `/socket.io/*` (WebSocket
 * upgrades included) go to the site, so the page talks to it same-origin, as the desk app does.
 * The site's address can change (`target`), and while it is down the page sees 502s.
 */
export interface PageServer {
  readonly url: string
  close(): Promise<void>
}

const HTML = '<!doctype html><meta charset="utf-8"><title>Outpost e2e</title><script type="module" src="/page.js"></script>'

/** A request the page sent through the proxy, with its whole body and the status it was answered with. */
export interface ObservedRequest {
  readonly method: string
  readonly path: string
  readonly headers: IncomingMessage['headers']
  readonly body: string
  /** 502 when the site could not be reached. */
  readonly status: number
}

/** Hands the request (its body copied as it is piped on, unchanged) to `observe` once it is answered. */
function observed(req: IncomingMessage, res: ServerResponse, path: string, observe: ((r: ObservedRequest) => void) | undefined): void {
  if (!observe) return
  const chunks: Buffer[] = []
  req.on('data', (chunk: Buffer) => chunks.push(chunk))
  res.on('finish', () => observe({ method: req.method ?? 'GET', path, headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), status: res.statusCode }))
}

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

function proxyUpgrade(target: URL, req: IncomingMessage, client: Socket, head: Buffer): void {
  const upstream = connect(Number(target.port), target.hostname, () => {
    const headers = Object.entries({ ...req.headers, host: target.host }).map(([k, v]) => `${k}: ${Array.isArray(v) ? v.join(', ') : String(v)}`)
    upstream.write(`${req.method} ${req.url} HTTP/1.1\r\n${headers.join('\r\n')}\r\n\r\n`)
    upstream.write(head)
    upstream.pipe(client).pipe(upstream)
  })
  upstream.on('error', () => client.destroy())
  client.on('error', () => upstream.destroy())
}

export interface PageServerOptions {
  /** More servers behind the page's origin: a path prefix (`/rxdb/`) and the server its requests go to, path kept. */
  readonly routes?: Readonly<Record<string, string>>
  /** Told of every `/api/*` request the page sends to the site (what a test counts, e.g. pushes). */
  readonly observe?: (request: ObservedRequest) => void
}

export async function startPageServer(bundle: string, siteUrl: string, options: PageServerOptions = {}): Promise<PageServer> {
  const target = new URL(siteUrl)
  const routes = Object.entries(options.routes ?? {}).map(([prefix, url]) => ({ prefix, to: new URL(url) }))
  const sockets = new Set<Socket>()
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/'
    if (path.startsWith('/api/')) observed(req, res, path, options.observe)
    if (path.startsWith('/api/') || path.startsWith('/socket.io/')) return proxy(target, req, res)
    const routed = routes.find((r) => path.startsWith(r.prefix))
    if (routed) return proxy(routed.to, req, res)
    if (path === '/') return res.writeHead(200, { 'content-type': 'text/html' }).end(HTML)
    if (path === '/page.js') return res.writeHead(200, { 'content-type': 'text/javascript' }).end(bundle)
    res.writeHead(404).end()
  })
  server.on('upgrade', (req: IncomingMessage, socket: Socket, head: Buffer) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
    proxyUpgrade(target, req, socket, head)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy()
      server.closeAllConnections()
      server.close(() => resolve())
    }),
  }
}
