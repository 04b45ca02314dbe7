import type { LocalStore, Remote } from '@outpost/core'

/**
 * Where a boot's time goes, measured in the page: time inside the remote's `pull` (request,
 * streamed answer, parsing), inside store writes (the engine's per-document work over the
 * store's reads, then the commit), and inside store reads outside writes.
 */
export interface BootSplit {
  pull_ms: number
  pulls: number
  write_ms: number
  writes: number
  read_ms: number
  reads: number
}

export function newSplit(): BootSplit {
  return { pull_ms: 0, pulls: 0, write_ms: 0, writes: 0, read_ms: 0, reads: 0 }
}

async function timed<T>(work: () => Promise<T>, add: (ms: number) => void): Promise<T> {
  const t0 = performance.now()
  try {
    return await work()
  } finally {
    add(performance.now() - t0)
  }
}

export function timedRemote(remote: Remote, split: BootSplit): Remote {
  return {
    ...remote,
    pull: (request) => timed(() => remote.pull(request), (ms) => {
      split.pull_ms += ms
      split.pulls++
    }),
  }
}

export function timedStore(store: LocalStore, split: BootSplit): LocalStore {
  return {
    ...store,
    read: (fn) => timed(() => store.read(fn), (ms) => {
      split.read_ms += ms
      split.reads++
    }),
    write: (fn) => timed(() => store.write(fn), (ms) => {
      split.write_ms += ms
      split.writes++
    }),
  }
}
