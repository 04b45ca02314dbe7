import { readFileSync } from 'node:fs'

/** CPU seconds (user + system) another process used so far (Linux /proc); undefined when it cannot be read. */
export function processCpuSeconds(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')
    return (Number(fields[11]) + Number(fields[12])) / 100
  } catch {
    return undefined
  }
}

/** CPU seconds this process used so far, all its threads. */
export function ownCpuSeconds(): number {
  const c = process.cpuUsage()
  return (c.user + c.system) / 1e6
}
