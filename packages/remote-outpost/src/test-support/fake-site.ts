/** A request the fake site received. */
export interface Received {
  readonly method: string
  readonly path: string
  readonly query: URLSearchParams
  readonly headers: Headers
  readonly body: unknown
}

export type Handler = (req: Received) => Response | Promise<Response>

/** A `fetch` that answers with `handler` and records every request. */
export function fakeSite(handler: Handler): { fetch: typeof fetch; received: Received[] } {
  const received: Received[] = []
  const fake = (async (input: string | URL | Request, init?: RequestInit) => {
    const url = new URL(String(input))
    const body = typeof init?.body === 'string' ? (JSON.parse(init.body) as unknown) : undefined
    const req = { method: init?.method ?? 'GET', path: decodeURIComponent(url.pathname), query: url.searchParams, headers: new Headers(init?.headers), body }
    received.push(req)
    return handler(req)
  }) as typeof fetch
  return { fetch: fake, received }
}

export const json = (status: number, body: unknown, headers: Record<string, string> = {}): Response =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } })

export interface StreamShape {
  /** Bytes per chunk (default: all at once). */
  readonly chunk?: number
  /** Error the body after this many chunks, as a dropped connection does. */
  readonly failAfter?: number
  /** Called when the reader cancels the rest of the body. */
  readonly onCancel?: () => void
}

/** A body delivered in chunks of bytes: lines, and characters, may be cut anywhere. */
export function chunkedBody(text: string, shape: StreamShape = {}): ReadableStream<Uint8Array> {
  const bytes = new TextEncoder().encode(text)
  const size = shape.chunk ?? Math.max(1, bytes.length)
  let at = 0
  let sent = 0
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (shape.failAfter !== undefined && sent >= shape.failAfter) return controller.error(new TypeError('terminated', { cause: { code: 'ECONNRESET' } }))
      if (at >= bytes.length) return controller.close()
      controller.enqueue(bytes.slice(at, at + size))
      at += size
      sent++
    },
    cancel() {
      shape.onCancel?.()
    },
  })
}

/** An NDJSON answer of these lines (objects, or raw text for broken lines). */
export function ndjson(lines: readonly unknown[], shape: StreamShape = {}): Response {
  const text = lines.map((l) => (typeof l === 'string' ? l : JSON.stringify(l))).join('\n') + '\n'
  return new Response(chunkedBody(text, shape), { status: 200, headers: { 'content-type': 'application/x-ndjson' } })
}
