/**
 * Counts of the page's IndexedDB work, by wrapping the prototypes' methods: transactions by mode,
 * requests (every get, put, count, getAll…, each cursor step). Whatever library issues them,
 * the engine's round trips are what a save or a list waits on.
 */
export interface IdbCounts {
  readonly readonly: number
  readonly readwrite: number
  readonly requests: number
  readonly cursorSteps: number
}

const counts = { readonly: 0, readwrite: 0, requests: 0, cursorSteps: 0 }

export function idbCounts(): IdbCounts {
  return { ...counts }
}

export function idbCountsSince(before: IdbCounts): IdbCounts {
  return { readonly: counts.readonly - before.readonly, readwrite: counts.readwrite - before.readwrite, requests: counts.requests - before.requests, cursorSteps: counts.cursorSteps - before.cursorSteps }
}

type Method = (this: unknown, ...args: unknown[]) => unknown

/** Wraps each method to count its calls; answers how to put the originals back. */
function wrap(proto: Record<string, unknown> | undefined, names: readonly string[], count: (args: unknown[]) => void): (() => void)[] {
  if (!proto) return []
  const restores: (() => void)[] = []
  for (const name of names) {
    const original = proto[name] as Method | undefined
    if (typeof original !== 'function') continue
    proto[name] = function (this: unknown, ...args: unknown[]) {
      count(args)
      return original.apply(this, args)
    }
    restores.push(() => {
      proto[name] = original
    })
  }
  return restores
}

/**
 * Count from now until the returned function is called. Only timed calls are counted: the
 * wrappers cost every request a few µs, which a boot of 100,000 documents would feel.
 */
export function countIdb(): () => void {
  const g = globalThis as unknown as Record<string, { prototype: Record<string, unknown> } | undefined>
  const requests = ['get', 'getKey', 'getAll', 'getAllKeys', 'put', 'add', 'delete', 'clear', 'count', 'openCursor', 'openKeyCursor']
  const restores = [
    ...wrap(g['IDBDatabase']?.prototype, ['transaction'], (args) => {
      if (args[1] === 'readwrite') counts.readwrite++
      else counts.readonly++
    }),
    ...wrap(g['IDBObjectStore']?.prototype, requests, () => counts.requests++),
    ...wrap(g['IDBIndex']?.prototype, requests, () => counts.requests++),
    ...wrap(g['IDBCursor']?.prototype, ['continue', 'advance', 'continuePrimaryKey'], () => counts.cursorSteps++),
  ]
  return () => restores.forEach((restore) => restore())
}
