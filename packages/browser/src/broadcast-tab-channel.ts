import type { TabChannel } from '@outpost/core'

/** A TabChannel over BroadcastChannel (browsers, and Node ≥ 18 for tests). */
export function broadcastTabChannel(name: string): TabChannel {
  const channel = new BroadcastChannel(name)
  const handlers = new Set<(message: unknown) => void>()
  channel.onmessage = (event: MessageEvent) => {
    for (const handler of handlers) handler(event.data)
  }
  return {
    post: (message) => channel.postMessage(message),
    listen(handler) {
      handlers.add(handler)
      return () => handlers.delete(handler)
    },
    close() {
      handlers.clear()
      channel.close()
    },
  }
}
