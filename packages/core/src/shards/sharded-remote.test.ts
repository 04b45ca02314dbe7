import { describe, expect, it } from 'vitest'
import type { RealtimeListener, Remote } from '../ports/remote.ts'
import { MiniServer } from '../testing/mini-server.ts'
import { miniOutpost } from '../testing/mini-outpost.ts'
import { SALES_META } from '../testing/sales-meta.ts'
import { decodeShardCursor, encodeShardCursor } from './shard-cursor.ts'
import { worstFailure } from './shard-set.ts'
import { shardedRemote } from './sharded-remote.ts'

const local = { locate: async () => undefined, docs: async () => [], insertQueued: async () => false }

/** A Remote with a realtime channel the test drives by hand. */
function watched(inner: Remote): Remote & { listeners: RealtimeListener[] } {
  const listeners: RealtimeListener[] = []
  return {
    ...inner,
    listeners,
    capabilities: { ...inner.capabilities, realtime: true },
    watch(_doctypes, listener) {
      listeners.push(listener)
      return () => listeners.splice(listeners.indexOf(listener), 1)
    },
  }
}

describe('shardedRemote', () => {
  it('can do what every shard can, and batches always', () => {
    const rest = new MiniServer({ meta: SALES_META })
    const protocol = miniOutpost(new MiniServer({ meta: SALES_META }))
    const both = shardedRemote({ remotes: { a: rest, b: protocol }, route: () => ['a'] }, local, () => 0)
    expect(both.capabilities).toMatchObject({ batchPush: true, changeLog: false, idempotentPush: false, tempNameResolution: false, deletions: true, realtime: false })
    const same = shardedRemote({ remotes: { a: protocol, b: miniOutpost(new MiniServer({ meta: SALES_META })) }, route: () => ['a'] }, local, () => 0)
    expect(same.capabilities).toMatchObject({ batchPush: true, changeLog: true, idempotentPush: true, tempNameResolution: true })
  })

  it('hears every shard\'s hints; a dropped channel marks its shard offline, and the replica hears it only when all are down', () => {
    const a = watched(miniOutpost(new MiniServer({ meta: SALES_META })))
    const b = watched(miniOutpost(new MiniServer({ meta: SALES_META })))
    const remote = shardedRemote({ remotes: { a, b }, route: () => ['a'] }, local, () => 7)
    expect(remote.capabilities.realtime).toBe(true)
    const heard: string[] = []
    const stop = remote.watch!(['Customer'], {
      changed: (h) => heard.push(`changed ${h.doctype}`),
      connected: () => heard.push('connected'),
      disconnected: () => heard.push('disconnected'),
    })
    for (const r of [a, b]) r.listeners[0]?.connected()
    b.listeners[0]?.changed({ doctype: 'Customer', name: 'C-1' })
    a.listeners[0]?.disconnected()
    expect(remote.health.current['a']).toMatchObject({ online: false, lastError: 'realtime connection to shard a lost' })
    expect(heard).toEqual(['connected', 'connected', 'changed Customer'])
    b.listeners[0]?.disconnected()
    expect(heard.at(-1)).toBe('disconnected')
    stop()
    expect(a.listeners).toHaveLength(0)
    expect(b.listeners).toHaveLength(0)
  })

  it('reads back its own cursors, and starts over from anything else', () => {
    const cursor = { cursors: { a: 'x', b: null }, paging: ['a'], totals: { a: 3 } }
    expect(decodeShardCursor(encodeShardCursor(cursor))).toEqual(cursor)
    for (const raw of [undefined, '', 'not json', '{"seq":4}', 'null', '[1,2]', '{"f":"shards/1","c":{"a":5}}', '{"f":"shards/1","c":"x","p":[1],"t":{"a":"n"}}']) {
      expect(decodeShardCursor(raw).cursors).toEqual({})
    }
    expect(decodeShardCursor('{"f":"shards/1","c":{"a":"1"},"p":"a","t":[]}')).toEqual({ cursors: { a: '1' } })
  })

  it('takes meta from the first shard that answers', async () => {
    const down: Remote = { ...miniOutpost(new MiniServer({ meta: SALES_META })), getDocTypes: async () => ({ kind: 'offline', error: { excType: 'NetworkError', httpStatus: undefined, message: 'down', messages: [] } }) }
    const up = new MiniServer({ meta: SALES_META })
    const remote = shardedRemote({ remotes: { a: down, b: up }, route: () => ['a'] }, local, () => 0)
    const meta = await remote.getDocTypes('Customer')
    expect(meta.kind).toBe('ok')
    expect(remote.health.current['a']).toMatchObject({ online: false, lastError: 'down' })
  })
})

describe('worstFailure', () => {
  const error = (excType: string, httpStatus: number | undefined) => ({ excType, httpStatus, message: excType, messages: [] })
  const refused = { kind: 'rejected', error: error('PermissionError', 403) } as const
  const busy = { kind: 'retry', retryAfterMs: undefined, error: error('ServiceUnavailable', 503) } as const
  const gone = { kind: 'offline', error: error('NetworkError', undefined) } as const
  const login = { kind: 'auth', error: error('AuthenticationError', 401) } as const

  it('says a login first, then offline, then a retry, and a refusal only when every shard refused', () => {
    expect(worstFailure([refused, busy])).toBe(busy)
    expect(worstFailure([busy, refused, gone])).toBe(gone)
    expect(worstFailure([refused, gone, login])).toBe(login)
    expect(worstFailure([refused, refused])).toBe(refused)
    expect(worstFailure([])).toBeUndefined()
  })
})
