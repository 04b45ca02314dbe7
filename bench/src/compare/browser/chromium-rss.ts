import { readdirSync, readFileSync } from 'node:fs'

/**
 * The memory of a whole Chromium (browser, renderer, GPU and utility processes: IndexedDB's
 * work is in the browser process), found by its profile directory on the browser's command line
 * (Linux /proc). Each process counts its proportional set size (PSS: a page shared by n
 * processes counts 1/n in each), so the sum is what the browser holds, not n times its shared
 * libraries.
 */
const read = (path: string): string => {
  try {
    return readFileSync(path, 'utf8')
  } catch {
    // the process ended meanwhile
    return ''
  }
}

function pssMb(pid: number): number {
  const m = /^Pss:\s+(\d+) kB/m.exec(read(`/proc/${pid}/smaps_rollup`))
  return m ? Number(m[1]) / 1024 : 0
}

function parentOf(pid: number): number | undefined {
  const stat = read(`/proc/${pid}/stat`)
  // the command may hold spaces and parentheses: fields start after the last ')'
  return stat === '' ? undefined : Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1])
}

export function chromiumPssMb(profileDir: string): number {
  const cmdlines = new Map(readdirSync('/proc').filter((e) => /^\d+$/.test(e)).map((e) => [Number(e), read(`/proc/${e}/cmdline`)]))
  // the browser process has the profile on its command line and no --type=; its children have one
  const roots = new Set([...cmdlines].filter(([, c]) => c.includes(profileDir) && !c.includes('--type=')).map(([pid]) => pid))
  const inTree = (pid: number): boolean => {
    for (let p: number | undefined = pid, hops = 0; p !== undefined && p > 1 && hops < 8; p = parentOf(p), hops++) if (roots.has(p)) return true
    return false
  }
  const chromium = [...cmdlines].filter(([pid, c]) => roots.has(pid) || (c.includes('--type=') && inTree(pid)))
  return Math.round(chromium.reduce((sum, [pid]) => sum + pssMb(pid), 0) * 10) / 10
}

/** Samples a Chromium's memory every `everyMs` until stopped; answers the peak. */
export function sampleChromiumPss(profileDir: string, everyMs = 200): { stop(): number } {
  let peak = chromiumPssMb(profileDir)
  const timer = setInterval(() => {
    peak = Math.max(peak, chromiumPssMb(profileDir))
  }, everyMs)
  return {
    stop() {
      clearInterval(timer)
      return Math.max(peak, chromiumPssMb(profileDir))
    },
  }
}
