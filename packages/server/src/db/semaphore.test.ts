import { describe, expect, it } from 'vitest'
import { Semaphore } from './semaphore.ts'

describe('Semaphore', () => {
  it('runs at most `limit` tasks at once, the rest in order, and frees a slot when a task fails', async () => {
    const gate = new Semaphore(2)
    let active = 0
    let peak = 0
    const order: number[] = []
    const task = (i: number) => gate.run(async () => {
      active++
      peak = Math.max(peak, active)
      await new Promise((r) => setTimeout(r, 5))
      order.push(i)
      active--
      if (i === 1) throw new Error('task 1 fails')
      return i
    })
    const results = await Promise.allSettled([0, 1, 2, 3, 4].map(task))
    expect(peak).toBe(2)
    expect(order).toEqual([0, 1, 2, 3, 4])
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'fulfilled', 'fulfilled'])
  })

  it('refuses a limit that is not a whole number from 1', () => {
    expect(() => new Semaphore(0)).toThrow(RangeError)
    expect(() => new Semaphore(1.5)).toThrow(RangeError)
  })
})
