import { connect, type Socket } from 'node:net'
import { describe, expect, it } from 'vitest'
import { startServer } from './server.ts'
import { openSite } from './site.ts'

async function started() {
  const site = await openSite({ dbPath: ':memory:', doctypes: [] })
  return startServer(site, { port: 0 })
}

function open(url: string): Promise<Socket> {
  const { hostname, port } = new URL(url)
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => resolve(socket))
    socket.once('error', reject)
  })
}

const within = <T>(ms: number, work: Promise<T>): Promise<T | 'timed out'> =>
  Promise.race([work, new Promise<'timed out'>((resolve) => setTimeout(() => resolve('timed out'), ms))])

describe('server: shutdown', () => {
  it('does not wait for a connection a client opened and never sent a request on', async () => {
    const server = await started()
    const spare = await open(server.url)
    const closed = new Promise((resolve) => spare.once('close', resolve))
    expect(await within(5000, server.close())).toBeUndefined()
    await closed
  })

  it('lets a request that is being answered finish, then closes its connection', async () => {
    const server = await started()
    const slow = await open(server.url)
    // the request's headers are complete, its body is not: the server is still receiving it
    slow.write('POST /api/method/ping HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: 2\r\n\r\n{')
    let answer = ''
    slow.on('data', (d: Buffer) => (answer += d.toString()))
    const ended = new Promise((resolve) => slow.once('close', resolve))
    await new Promise((resolve) => setTimeout(resolve, 100))
    const closing = server.close()
    await new Promise((resolve) => setTimeout(resolve, 100))
    expect(slow.destroyed).toBe(false)
    slow.write('}')
    await closing
    await ended
    expect(answer).toMatch(/^HTTP\/1\.1 200/)
    expect(answer).toContain('pong')
  })
})
