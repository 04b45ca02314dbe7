import { describe, expect, it } from 'vitest'
import { broadcastTabChannel } from './broadcast-tab-channel.ts'

const tick = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 20))

describe('broadcastTabChannel', () => {
  it('reaches the other tabs on the channel, in order, not the sender nor another channel', async () => {
    const a = broadcastTabChannel('outpost-test-1')
    const b = broadcastTabChannel('outpost-test-1')
    const other = broadcastTabChannel('outpost-test-2')
    const got: Record<string, unknown[]> = { a: [], b: [], other: [] }
    a.listen((m) => got['a']!.push(m))
    b.listen((m) => got['b']!.push(m))
    other.listen((m) => got['other']!.push(m))
    a.post({ n: 1 })
    a.post({ n: 2 })
    await tick()
    expect(got).toEqual({ a: [], b: [{ n: 1 }, { n: 2 }], other: [] })
    a.close()
    b.close()
    other.close()
  })

  it('stops delivering to a listener that left, and after close', async () => {
    const a = broadcastTabChannel('outpost-test-3')
    const b = broadcastTabChannel('outpost-test-3')
    const got: unknown[] = []
    const off = b.listen((m) => got.push(m))
    a.post('one')
    await tick()
    off()
    a.post('two')
    await tick()
    b.listen((m) => got.push(m))
    b.close()
    a.post('three')
    await tick()
    expect(got).toEqual(['one'])
    a.close()
  })
})
