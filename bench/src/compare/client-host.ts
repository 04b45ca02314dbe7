import { fork, type ChildProcess } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { sampleProcessRss } from '../proc-rss.ts'
import type { ClientCommand, ClientReply } from './client-api.ts'
import type { SystemName } from './compare-config.ts'

/** A command's answer with the server's peak RSS while it ran. */
export interface HostReply extends ClientReply {
  readonly server_peak_rss_mb: number | undefined
}

export interface ClientHost {
  send(command: ClientCommand): Promise<HostReply>
  /** send(), failing on an error answer. */
  must<T>(command: ClientCommand): Promise<HostReply & { result: T }>
  kill(): void
}

const CHILD = fileURLToPath(new URL('./client-child.ts', import.meta.url))

function profileArgs(): string[] {
  const dir = process.env['OUTPOST_CLIENT_CPU_PROF']
  return dir ? ['--cpu-prof', `--cpu-prof-dir=${dir}`] : []
}

export interface ClientArgs {
  readonly url: string
  readonly dir: string
  readonly facts: string
  readonly batch: number
  /** A command still running after this long is stopped, and the run fails saying so. */
  readonly commandTimeoutMs?: number
}

/** The command's answer, or a failure once `ms` have passed (the client is then killed). */
function withinLimit(system: SystemName, command: ClientCommand, reply: Promise<ClientReply>, child: ChildProcess, ms: number | undefined): Promise<ClientReply> {
  if (ms === undefined) return reply
  const rss = sampleProcessRss(child.pid, 500)
  let timer: NodeJS.Timeout | undefined
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const peak = rss.stop()
      child.kill('SIGKILL')
      reject(new Error(`${system} ${command.cmd} did not finish within ${Math.round(ms / 6_000) / 10} min (client RSS peaked at ${peak ?? '?'} MB)`))
    }, ms)
  })
  return Promise.race([reply, late]).finally(() => {
    clearTimeout(timer)
    rss.stop()
  })
}

/**
 * Start one system's client process (children import the packages' built dist, as an app
 * would) and wait for it to be ready. `serverPid` is sampled while each command runs.
 */
export function startClient(system: SystemName, args: ClientArgs, serverPid: number | undefined): Promise<ClientHost> {
  const child: ChildProcess = fork(CHILD, ['--system', system, '--url', args.url, '--dir', args.dir, '--facts', args.facts, '--batch', String(args.batch)], {
    // OUTPOST_CLIENT_CPU_PROF=<dir>: a V8 CPU profile of each client process, written when it closes.
    execArgv: ['--import', 'tsx', '--max-old-space-size=8192', ...profileArgs()], stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  })
  let waiting: ((reply: ClientReply) => void) | undefined
  let failed: ((e: Error) => void) | undefined
  child.on('message', (reply: ClientReply) => waiting?.(reply))
  child.once('exit', (code) => failed?.(new Error(`${system} client exited with code ${code}`)))
  const next = (): Promise<ClientReply> => new Promise((resolve, reject) => {
    waiting = resolve
    failed = reject
  })
  const host: ClientHost = {
    async send(command) {
      const server = sampleProcessRss(serverPid, 50)
      const reply = next()
      child.send(command)
      try {
        return { ...(await withinLimit(system, command, reply, child, args.commandTimeoutMs)), server_peak_rss_mb: server.stop() }
      } finally {
        // a command stopped for its time leaves no sampler running
        server.stop()
      }
    },
    async must<T>(command: ClientCommand) {
      const reply = await host.send(command)
      if (!reply.ok) throw new Error(`${system} ${command.cmd}: ${reply.error}`)
      return reply as HostReply & { result: T }
    },
    kill() {
      if (child.exitCode !== null) return
      // A profiled client writes its profile as it exits: give it the time.
      if (profileArgs().length > 0) setTimeout(() => child.exitCode === null && child.kill('SIGKILL'), 10_000).unref()
      else child.kill('SIGKILL')
    },
  }
  return next().then((ready) => {
    if (!ready.ok) throw new Error(`${system} client did not start: ${ready.error}`)
    return host
  })
}
