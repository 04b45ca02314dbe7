import { randomUUID } from 'node:crypto'
import { TOKEN } from './auth.ts'

/** The DocType every simulated device writes: one series shared by all (the contended counter). */
export const READING_DOCTYPE = {
  doctype: 'DocType', name: 'Field Reading', module: 'Bench', autoname: 'READ-.#####',
  fields: [
    { fieldname: 'device', fieldtype: 'Data', label: 'Device' },
    { fieldname: 'value', fieldtype: 'Float', label: 'Value' },
  ],
  permissions: [{ role: 'System Manager', read: 1, write: 1, create: 1, delete: 1 }],
}

export interface DeviceTally {
  readonly latencies: number[]
  errors: number
  /** Mutation id → the name the server answered (a repeated push must answer the same). */
  readonly named: Map<string, string>
  /** Repeated pushes answered with another name than the first time. */
  mismatched: number
}

const HEADERS = { authorization: `token ${TOKEN}`, 'content-type': 'application/json' }

async function call(url: string, method: string, body: unknown): Promise<Record<string, unknown>> {
  const res = await fetch(`${url}/api/method/${method}`, { method: 'POST', headers: HEADERS, body: JSON.stringify(body) })
  const text = await res.text()
  if (res.status !== 200) throw new Error(`${method} ${res.status}: ${text.slice(0, 200)}`)
  return method === 'outpost.sync.pull' ? { text } : (JSON.parse(text) as Record<string, unknown>)
}

/** The cursor of a pull answer (its last NDJSON line). */
function cursorOf(text: string): string {
  const lines = text.trim().split('\n')
  const end = JSON.parse(lines[lines.length - 1] ?? '{}') as { type?: string; cursor?: string }
  if (end.type !== 'end' || typeof end.cursor !== 'string') throw new Error(`pull answer without an end line: ${text.slice(-200)}`)
  return end.cursor
}

interface Pushed {
  readonly mutationId: string
  readonly body: unknown
}

/**
 * One device: `ops` operations, alternately a push of one new reading and a pull of what
 * changed; every tenth push is sent again (a lost answer) through another server.
 */
export async function runDevice(id: number, urls: readonly string[], ops: number, tally: DeviceTally): Promise<void> {
  const home = urls[id % urls.length]!
  const other = urls[(id + 1) % urls.length]!
  let cursor: string | undefined
  let last: Pushed | undefined
  for (let i = 0; i < ops; i++) {
    const began = performance.now()
    try {
      if (i % 2 === 0) {
        const resend = last !== undefined && i % 20 === 10
        const pushed: Pushed = resend && last ? last : newReading(id, i)
        const out = await call(resend ? other : home, 'outpost.sync.push', pushed.body)
        record(tally, pushed.mutationId, out)
        last = pushed
      } else {
        const out = await call(home, 'outpost.sync.pull', { doctypes: ['Field Reading'], ...(cursor ? { cursor } : {}), limit: 500 })
        cursor = cursorOf(String(out['text']))
      }
      tally.latencies.push(performance.now() - began)
    } catch (e) {
      tally.errors++
      if (tally.errors <= 3) console.error(`device ${id}: ${e instanceof Error ? e.message : String(e)}`)
    }
  }
}

function newReading(device: number, i: number): Pushed {
  const mutationId = randomUUID()
  return {
    mutationId,
    body: { mutations: [{ mutation_id: mutationId, kind: 'insert', doctype: 'Field Reading', name: `new-field-reading-${randomUUID()}`, doc: { device: `D${device}`, value: i } }] },
  }
}

function record(tally: DeviceTally, mutationId: string, out: Record<string, unknown>): void {
  const results = (out['message'] as { results?: { status?: string; doc?: { name?: string } }[] } | undefined)?.results ?? []
  const first = results[0]
  if (first?.status !== 'accepted' || typeof first.doc?.name !== 'string') throw new Error(`push not accepted: ${JSON.stringify(first).slice(0, 200)}`)
  const before = tally.named.get(mutationId)
  if (before !== undefined && before !== first.doc.name) tally.mismatched++
  tally.named.set(mutationId, first.doc.name)
}
