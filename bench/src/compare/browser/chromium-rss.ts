import { readdirSync, readFileSync } from 'node:fs'

/**
 * The memory of a whole Chromium (browser, renderer, GPU and utility processes: IndexedDB's
 * work is in the browser process), found by its profile directory on the command line (Linux
 * /proc). Each process counts its proportional set size (PSS: a page shared by n processes
 * counts 1/n in each), so the sum is what the browser holds, not n times its shared libraries.
 */
function pssMb(pid: number): number {
  try {
    const m = /^Pss:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'))
    return m ? Number(m[1]) / 1024 : 0
  } catch {
    return 0
  }
}

function chromiumPids(profileDir: string): number[] {
  const pids: number[] = []
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    try {
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8')
      if (cmdline.includes(profileDir) || cmdline.includes('--type=')) pids.push(Number(entry))
    } catch {
      // gone meanwhile
    }
  }
  return pids
}

/** Parent of each process, to keep only the profile's browser and its descendants. */
function parentOf(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    // the command may hold spaces and parentheses: fields start after the last ')'
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1])
  } catch {
    return undefined
  }
}

export function chromiumPssMb(profileDir: string): number {
  const candidates = chromiumPids(profileDir)
  const roots = new Set(candidates.filter((pid) => readFileSafe(pid).includes(profileDir) && !readFileSafe(pid).includes('--type=')))
  const inTree = (pid: number): boolean => {
    for (let p: number | undefined = pid, hops = 0; p !== undefined && p > 1 && hops < 8; p = parentOf(p), hops++) if (roots.has(p)) return true
    return false
  }
  return Math.round(candidates.filter(inTree).reduce((sum, pid) => sum + pssMb(pid), 0) * 10) / 10
}

function readFileSafe(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8')
  } catch {
    return ''
  }
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
