import { readFileSync } from 'node:fs'

/** Resident set size of another process (Linux /proc), in MB; undefined when it cannot be read. */
export function processRssMb(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))
    return m ? Math.round((Number(m[1]) / 1024) * 10) / 10 : undefined
  } catch {
    return undefined
  }
}

/** Samples another process's RSS every `everyMs` until stopped; answers the peak. */
export function sampleProcessRss(pid: number | undefined, everyMs = 100): { stop(): number | undefined } {
  let peak = processRssMb(pid)
  const timer = setInterval(() => {
    const now = processRssMb(pid)
    if (now !== undefined) peak = Math.max(peak ?? 0, now)
  }, everyMs)
  return {
    stop() {
      clearInterval(timer)
      return peak
    },
  }
}
