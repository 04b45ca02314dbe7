import { describe, expect, it } from 'vitest'
import { MessageNumbers } from './message-numbers.ts'
import type { TabMessage } from './tab-messages.ts'

const msg = (from: string, t: 'heartbeat' | 'here' | 'bye' | 'outbox', seq?: number): TabMessage => ({ outpost: 1, t, from, ...(seq === undefined ? {} : { seq }) })

describe('MessageNumbers', () => {
  it('numbers this tab’s messages from 1', () => {
    const n = new MessageNumbers()
    expect([n.next(), n.next(), n.next()]).toEqual([1, 2, 3])
  })

  it('counts a sender from its first message or its answer to hello, and finds numbers skipped after', () => {
    const n = new MessageNumbers()
    expect(n.missedBefore(msg('a', 'outbox', 1))).toBe(false)
    expect(n.missedBefore(msg('b', 'here', 7))).toBe(false)
    expect(n.missedBefore(msg('a', 'heartbeat', 2))).toBe(false)
    expect(n.missedBefore(msg('b', 'heartbeat', 8))).toBe(false)
    expect(n.missedBefore(msg('b', 'heartbeat', 11))).toBe(true)
    expect(n.missedBefore(msg('b', 'heartbeat', 12))).toBe(false)
  })

  it('takes a first message numbered past 1 that answers nothing as missed: the sender did not hear this tab start', () => {
    const n = new MessageNumbers()
    expect(n.missedBefore(msg('a', 'heartbeat', 40))).toBe(true)
    expect(n.missedBefore(msg('a', 'heartbeat', 41))).toBe(false)
  })

  it('after this tab woke, even an answer from a sender never heard means messages were missed', () => {
    const n = new MessageNumbers()
    n.woke()
    expect(n.missedBefore(msg('a', 'here', 5))).toBe(true)
    expect(n.missedBefore(msg('b', 'outbox', 1))).toBe(false)
  })

  it('forgets a sender that said bye, and counts nothing of a tab that numbers nothing', () => {
    const n = new MessageNumbers()
    expect(n.missedBefore(msg('a', 'outbox', 1))).toBe(false)
    expect(n.missedBefore(msg('a', 'bye', 2))).toBe(false)
    expect(n.missedBefore(msg('a', 'outbox', 1))).toBe(false)
    expect(n.missedBefore(msg('old', 'heartbeat'))).toBe(false)
    expect(n.missedBefore(msg('old', 'heartbeat'))).toBe(false)
  })
})
