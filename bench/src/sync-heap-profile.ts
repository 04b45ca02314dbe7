import type { Session } from 'node:inspector/promises'
import { PerformanceObserver } from 'node:perf_hooks'
import { round } from './stats.ts'

interface AllocationNode {
  readonly callFrame: { readonly functionName: string; readonly url: string }
  readonly selfSize: number
  readonly children: readonly AllocationNode[]
}

/** Start V8's sampling heap profiler, counting what the collector freed too (allocation, not retention). */
export async function startAllocationSampling(session: Session): Promise<void> {
  await session.post('HeapProfiler.enable')
  await session.post('HeapProfiler.startSampling', { samplingInterval: 4096, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true })
}

/** Stop sampling and print the bytes allocated per document by the functions that allocate most. */
export async function printAllocations(session: Session, docs: number): Promise<void> {
  const { head } = (await session.post('HeapProfiler.stopSampling')).profile as unknown as { head: AllocationNode }
  const bytes = new Map<string, number>()
  let total = 0
  const label = (n: AllocationNode): string => `${n.callFrame.functionName || '(anonymous)'} ${n.callFrame.url.replace(/^.*\/(packages|node_modules)\//, '$1/')}`
  const walk = (n: AllocationNode, caller = ''): void => {
    // Builtins (no url: Object.entries, Array.join…) are shown with their caller.
    const key = n.callFrame.url === '' && caller !== '' ? `${label(n)} <- ${caller}` : label(n)
    bytes.set(key, (bytes.get(key) ?? 0) + n.selfSize)
    total += n.selfSize
    for (const c of n.children) walk(c, label(n))
  }
  walk(head)
  console.log(`allocated ${round(total / docs / 1024, 1)} KB/doc (sampled)`)
  for (const [fn, b] of [...bytes].sort((x, y) => y[1] - x[1]).slice(0, 30)) console.log(`${String(round(b / docs / 1024, 2)).padStart(7)} KB/doc  ${fn}`)
}

/** Garbage-collection pauses of the main thread while it runs, in ms, by kind (1 minor, 4 major, 8 incremental). */
export function watchGc(): { stop(): { ms: number; byKind: Record<string, number> } } {
  let ms = 0
  const byKind: Record<string, number> = {}
  const observer = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      ms += e.duration
      const kind = String((e as unknown as { detail?: { kind?: number } }).detail?.kind ?? '?')
      byKind[kind] = round((byKind[kind] ?? 0) + e.duration, 0)
    }
  })
  observer.observe({ entryTypes: ['gc'] })
  return {
    stop() {
      observer.disconnect()
      return { ms, byKind }
    },
  }
}
