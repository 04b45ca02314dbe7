/** The longest line accepted (in UTF-16 units): one document with its child rows, generously. */
export const MAX_LINE = 64 * 1024 * 1024

export type LinesEnd = 'end-of-body' | 'stopped' | 'too-long'

/**
 * Calls `onLine` for each non-blank line of an NDJSON body as the bytes arrive: only the line
 * being received is buffered, whatever the size of the body. `onLine` answers false to stop;
 * the rest of the body is then cancelled. Throws when the connection drops mid-body.
 */
export async function readLines(body: ReadableStream<Uint8Array> | null, onLine: (line: string) => boolean, maxLine = MAX_LINE): Promise<LinesEnd> {
  if (!body) return 'end-of-body'
  const reader = body.getReader()
  const decoder = new TextDecoder()
  let pending = ''
  try {
    for (;;) {
      const { done, value } = await reader.read()
      // Searching only the new text keeps a long line linear, whatever its number of chunks.
      let from = pending.length
      pending += done ? decoder.decode() : decoder.decode(value, { stream: true })
      for (let nl = pending.indexOf('\n', from); nl >= 0; nl = pending.indexOf('\n', from)) {
        const line = pending.slice(0, nl)
        pending = pending.slice(nl + 1)
        from = 0
        if (line.trim() !== '' && !onLine(line)) return await stop(reader)
      }
      if (pending.length > maxLine) return await stop(reader, 'too-long')
      if (done) return pending.trim() === '' || onLine(pending) ? 'end-of-body' : 'stopped'
    }
  } finally {
    reader.releaseLock()
  }
}

async function stop(reader: ReadableStreamDefaultReader<Uint8Array>, why: LinesEnd = 'stopped'): Promise<LinesEnd> {
  await reader.cancel().catch(() => undefined)
  return why
}
