import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'

interface ProfileNode {
  readonly id: number
  readonly children?: readonly number[]
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number }
}

export interface CpuProfile {
  readonly nodes: readonly ProfileNode[]
  readonly startTime: number
  readonly samples: readonly number[]
  readonly timeDeltas: readonly number[]
}

export interface TopLine { readonly fn: string; readonly self_ms: number; readonly share: number }

const label = (n: ProfileNode): string => {
  const f = n.callFrame
  const file = f.url.replace(/^.*\/(packages|node_modules)\//, '$1/')
  return `${f.functionName || '(anonymous)'} ${file}:${f.lineNumber + 1}`
}

/**
 * The heaviest functions by self time of the one `.cpuprofile` in `dir`, counting only samples
 * taken between `fromUs` and `toUs` (the monotonic clock of `process.hrtime`, which V8's profile
 * timestamps share on Linux), so a server's start-up is left out.
 */
export function profileTop(dir: string, fromUs: number, toUs: number, count = 25): TopLine[] {
  const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'))
  if (file === undefined) throw new Error(`no .cpuprofile in ${dir}`)
  return selfTimeTop(JSON.parse(readFileSync(join(dir, file), 'utf8')) as CpuProfile, fromUs, toUs, count)
}

/**
 * The `count` heaviest functions of `profile` between `fromUs` and `toUs`: by self time, or with
 * `inclusive` by the time they were on the stack (once per sample, however deep they recur).
 */
export function selfTimeTop(profile: CpuProfile, fromUs = 0, toUs = Infinity, count = 25, inclusive = false): TopLine[] {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]))
  const parent = new Map<number, number>()
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id)
  const self = new Map<string, number>()
  let t = profile.startTime
  let total = 0
  for (let i = 0; i < profile.samples.length; i++) {
    const dt = profile.timeDeltas[i] ?? 0
    t += dt
    const node = byId.get(profile.samples[i]!)
    if (t < fromUs || t > toUs || node === undefined || node.callFrame.functionName === '(idle)') continue
    const keys = new Set([label(node)])
    for (let id = parent.get(node.id); inclusive && id !== undefined; id = parent.get(id)) keys.add(label(byId.get(id)!))
    for (const key of keys) self.set(key, (self.get(key) ?? 0) + dt)
    total += dt
  }
  return [...self].sort((a, b) => b[1] - a[1]).slice(0, count)
    .map(([fn, us]) => ({ fn, self_ms: Math.round(us / 1000), share: Math.round((us / total) * 1000) / 10 }))
}

export function printTop(lines: readonly TopLine[]): void {
  for (const l of lines) console.log(`${String(l.self_ms).padStart(7)} ms ${String(l.share).padStart(5)}%  ${l.fn}`)
}
