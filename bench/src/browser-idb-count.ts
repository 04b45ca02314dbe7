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

function wrap(proto: Record<string, unknown> | undefined, names: readonly string[], count: (args: unknown[]) => void): void {
  if (!proto) return
  for (const name of names) {
    const original = proto[name] as Method | undefined
    if (typeof original !== 'function') continue
    proto[name] = function (this: unknown, ...args: unknown[]) {
      count(args)
      return original.apply(this, args)
    }
  }
}

let installed = false

/** Start counting (once per page). */
export function countIdb(): void {
  if (installed) return
  installed = true
  const g = globalThis as unknown as Record<string, { prototype: Record<string, unknown> } | undefined>
  wrap(g['IDBDatabase']?.prototype, ['transaction'], (args) => {
    if (args[1] === 'readwrite') counts.readwrite++
    else counts.readonly++
  })
  const requests = ['get', 'getKey', 'getAll', 'getAllKeys', 'put', 'add', 'delete', 'clear', 'count', 'openCursor', 'openKeyCursor']
  wrap(g['IDBObjectStore']?.prototype, requests, () => counts.requests++)
  wrap(g['IDBIndex']?.prototype, requests, () => counts.requests++)
  wrap(g['IDBCursor']?.prototype, ['continue', 'advance', 'continuePrimaryKey'], () => counts.cursorSteps++)
}
