import { describe, expect, it } from 'vitest'
import { StoreLock, type LockManagerLike } from './locks.ts'

/** A stand-in for navigator.locks that records each grant's mode; grants run one at a time. */
function recordingLocks(refuse?: Error): LockManagerLike & { grants: string[] } {
  let tail: Promise<unknown> = Promise.resolve()
  const grants: string[] = []
  return {
    grants,
    request<T>(_name: string, options: { mode: 'shared' | 'exclusive' }, callback: () => Promise<T>): Promise<T> {
      if (refuse) return Promise.reject(refuse)
      const run = tail.then(() => {
        grants.push(options.mode)
        return callback()
      })
      tail = run.catch(() => undefined)
      return run
    },
  }
}

describe('StoreLock', () => {
  it('serves a write and the read that follows it with one grant of the Web Lock', async () => {
    const locks = recordingLocks()
    const lock = new StoreLock('db', locks)
    const order: string[] = []
    await lock.run('exclusive', async () => void order.push('save'))
    await lock.run('shared', async () => void order.push('status'))
    expect(order).toEqual(['save', 'status'])
    expect(locks.grants).toEqual(['exclusive'])
  })

  it('asks again for a write behind a shared grant, and runs calls in the order they came', async () => {
    const locks = recordingLocks()
    const lock = new StoreLock('db', locks)
    const order: string[] = []
    const calls = [
      lock.run('shared', async () => void order.push('read 1')),
      lock.run('shared', async () => void order.push('read 2')),
      lock.run('exclusive', async () => void order.push('write')),
      lock.run('shared', async () => void order.push('read 3')),
    ]
    await Promise.all(calls)
    expect(order).toEqual(['read 1', 'read 2', 'write', 'read 3'])
    expect(locks.grants).toEqual(['shared', 'exclusive'])
  })

  it('lets the lock go after a bounded number of calls, so another tab gets a turn', async () => {
    const locks = recordingLocks()
    const lock = new StoreLock('db', locks)
    await Promise.all(Array.from({ length: 100 }, () => lock.run('exclusive', async () => undefined)))
    expect(locks.grants.length).toBeGreaterThanOrEqual(4)
  })

  it('fails only the call that failed, and a call that cannot get the lock', async () => {
    const lock = new StoreLock('db', recordingLocks())
    const failing = lock.run('exclusive', async () => { throw new Error('boom') })
    const next = lock.run('exclusive', async () => 'ok')
    await expect(failing).rejects.toThrow('boom')
    expect(await next).toBe('ok')
    const refused = new StoreLock('db', recordingLocks(new Error('no locks here')))
    await expect(refused.run('shared', async () => 1)).rejects.toThrow('no locks here')
  })

  it('serialises calls in this tab without Web Locks', async () => {
    const lock = new StoreLock('db', undefined)
    let inside = 0
    let most = 0
    await Promise.all(Array.from({ length: 5 }, () => lock.run('exclusive', async () => {
      most = Math.max(most, ++inside)
      await new Promise((r) => setTimeout(r, 1))
      inside--
    })))
    expect(most).toBe(1)
  })
})
