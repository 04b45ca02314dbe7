import { writeFileSync } from 'node:fs'
import type { BrowserContext, Page } from 'playwright-core'

/**
 * A CPU profile of the page's main thread (Chrome DevTools protocol Profiler) around one piece
 * of work, summed by function: where the page's JavaScript spends a boot. IndexedDB's own work
 * runs in the browser process and shows here as idle time.
 */
interface ProfileNode {
  id: number
  callFrame: { functionName: string; url: string; lineNumber: number }
  hitCount?: number
}
interface Profile { nodes: ProfileNode[]; startTime: number; endTime: number; samples?: number[]; timeDeltas?: number[] }

export interface ProfileLine { fn: string; self_ms: number; share: number }

function selfTimes(profile: Profile): ProfileLine[] {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]))
  const ms = new Map<string, number>()
  const samples = profile.samples ?? []
  const deltas = profile.timeDeltas ?? []
  samples.forEach((id, i) => {
    const node = byId.get(id)
    if (!node) return
    const { functionName, url, lineNumber } = node.callFrame
    const file = url.split('/').pop() ?? ''
    const key = `${functionName || '(anonymous)'} ${file}:${lineNumber + 1}`
    ms.set(key, (ms.get(key) ?? 0) + (deltas[i + 1] ?? 0) / 1000)
  })
  const total = (profile.endTime - profile.startTime) / 1000
  return [...ms.entries()].sort((a, b) => b[1] - a[1]).map(([fn, self]) => ({ fn, self_ms: Math.round(self), share: Math.round((self / total) * 1000) / 10 }))
}

export async function profiled<T>(context: BrowserContext, page: Page, path: string, work: () => Promise<T>): Promise<{ result: T; top: ProfileLine[] }> {
  const cdp = await context.newCDPSession(page)
  await cdp.send('Profiler.enable')
  await cdp.send('Profiler.setSamplingInterval', { interval: 1000 })
  await cdp.send('Profiler.start')
  const result = await work()
  const { profile } = (await cdp.send('Profiler.stop')) as unknown as { profile: Profile }
  await cdp.detach()
  writeFileSync(path, JSON.stringify(profile))
  return { result, top: selfTimes(profile).slice(0, 30) }
}
