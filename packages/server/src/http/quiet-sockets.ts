import type { Server } from 'node:http'
import type { Socket } from 'node:net'

/**
 * The connections of a server and how many requests each is serving, so a shutdown can close
 * the ones serving none. Node's own `close()` closes idle keep-alive connections, but not one
 * a client opened and never sent a request on (browsers open such spare connections ahead of
 * need, as do HTTP clients whose request was cancelled while connecting): the server would
 * then wait for it until the client goes away.
 */
export class QuietSockets {
  readonly #busy = new Map<Socket, number>()
  #closing = false

  constructor(server: Server) {
    server.on('connection', (socket: Socket) => {
      this.#busy.set(socket, 0)
      socket.once('close', () => this.#busy.delete(socket))
    })
    server.on('request', (req, res) => {
      const socket = req.socket
      this.#busy.set(socket, (this.#busy.get(socket) ?? 0) + 1)
      res.once('close', () => {
        if (!this.#busy.has(socket)) return
        const left = Math.max(0, (this.#busy.get(socket) ?? 1) - 1)
        this.#busy.set(socket, left)
        // shutting down: a connection whose last answer went out waits for no next request
        if (this.#closing && left === 0) socket.end()
      })
    })
    // a connection taken over by WebSocket is the realtime server's to close
    server.on('upgrade', (req) => this.#busy.delete(req.socket))
  }

  /** Close every connection serving no request; those answering one finish it first, then close. */
  closeQuiet(): void {
    this.#closing = true
    for (const [socket, requests] of this.#busy) if (requests === 0) socket.destroy()
  }
}
