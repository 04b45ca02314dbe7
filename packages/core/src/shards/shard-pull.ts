import type { Doc } from '@outpost/meta'
import type { PullOutcome, PullRequest, RemoteFailure } from '../ports/remote.ts'
import { decodeShardCursor, encodeShardCursor } from './shard-cursor.ts'
import { isUnroutable } from './shard-router.ts'
import { remoteOf, worstFailure, type ShardSet } from './shard-set.ts'

type Page = Extract<PullOutcome, { kind: 'page' }>

/** A copy of a document on a shard that is not its home: the home shard's copy is the one kept. */
function isSecondaryCopy(set: ShardSet, doctype: string, shard: string, doc: Doc): boolean {
  const shards = set.router.shardsOf(doctype, doc)
  return !isUnroutable(shards) && shards.includes(shard) && shards[0] !== shard
}

/** A deletion on a secondary shard does not delete the document its home shard still has. */
async function deletions(set: ShardSet, doctype: string, shard: string, names: readonly string[]): Promise<string[]> {
  const out: string[] = []
  for (const name of names) {
    const local = await set.locate(doctype, name)
    if (!local || !isSecondaryCopy(set, doctype, shard, local)) out.push(name)
  }
  return out
}

/**
 * Whether the replica keeps a document as `shard` sent it. A copy on a shard other than its
 * home is not kept (the home shard's is); nor is a stray copy (on a shard its route does not
 * name) of a document the replica already has. A shard's own document whose name the replica
 * already holds for a document of another shard is a name collision: noted, not kept, so one
 * shard never overwrites another's document.
 */
export async function keeps(set: ShardSet, doctype: string, shard: string, doc: Doc, inPage: ReadonlyMap<string, Doc>): Promise<boolean> {
  const shards = set.router.shardsOf(doctype, doc)
  if (isUnroutable(shards)) return true
  if (shards.includes(shard) && shards[0] !== shard) return false
  // This replica's own insert, taken by some shards and still on its way to others: the answer
  // of the last shard settles it. Taken from a pull now, the insert would count as done everywhere.
  const outpostId = doc['outpost_id']
  if (shards.length > 1 && typeof outpostId === 'string' && outpostId !== '' && (await set.insertQueued(doctype, outpostId))) return false
  const local = inPage.get(String(doc['name']).toLowerCase()) ?? (await set.locate(doctype, String(doc['name'])))
  if (!local) return true
  if (!shards.includes(shard)) return false
  const localShards = set.router.shardsOf(doctype, local)
  if (isUnroutable(localShards) || localShards.includes(shard)) return true
  set.health.note(shard, `${doctype} ${String(doc['name'])} here has the name of a document of shard ${localShards.join(', ')}; kept that one (give the shards distinct naming series)`)
  return false
}

async function merge(set: ShardSet, request: PullRequest, pages: readonly (readonly [string, Page])[]): Promise<Omit<Page, 'cursor' | 'hasMore' | 'total'>> {
  const docs: Doc[] = []
  const deleted: string[] = []
  const renamed: { from: string; to: string }[] = []
  let reconcile = false
  // Documents of this merged page by name: a collision between two shards' pages is caught too.
  const inPage = new Map<string, Doc>()
  for (const [shard, page] of pages) {
    for (const doc of page.docs) {
      if (!(await keeps(set, request.doctype, shard, doc, inPage))) continue
      docs.push(doc)
      inPage.set(String(doc['name']).toLowerCase(), doc)
    }
    deleted.push(...(await deletions(set, request.doctype, shard, page.deleted)))
    renamed.push(...(page.renamed ?? []))
    reconcile ||= page.reconcile === true
  }
  // The DocType's version as the first shard reports it: shards a release apart must not make the replica migrate back and forth.
  const metaVersion = pages.find(([shard]) => shard === set.names[0])?.[1].metaVersion
  return { kind: 'page', docs, deleted, ...(renamed.length > 0 ? { renamed } : {}), ...(reconcile ? { reconcile } : {}), ...(metaVersion !== undefined ? { metaVersion } : {}) }
}

/**
 * One page from every shard still paging (all of them at the start of a pull), merged. A shard
 * that fails keeps its cursor and sits out the rest of this pull; the others go on. Only when
 * every shard asked fails does the pull fail.
 */
export async function pullShards(set: ShardSet, request: PullRequest): Promise<PullOutcome> {
  const state = decodeShardCursor(request.cursor)
  const asked = (state.paging ?? set.names).filter((s) => set.names.includes(s))
  const answers = await Promise.all(asked.map(async (shard) => {
    const outcome = await remoteOf(set, shard).pull({ doctype: request.doctype, cursor: state.cursors[shard] ?? undefined, limit: request.limit })
    return [shard, outcome] as const
  }))
  const pages: (readonly [string, Page])[] = []
  const failures: RemoteFailure[] = []
  const cursors = { ...state.cursors }
  // A new pull counts afresh; a pull under way keeps the totals of shards done paging.
  const totals: Record<string, number> = state.paging ? { ...state.totals } : {}
  const paging: string[] = []
  for (const [shard, outcome] of answers) {
    if (outcome.kind !== 'page') {
      set.health.failed(shard, outcome)
      failures.push(outcome)
      continue
    }
    set.health.reached(shard)
    pages.push([shard, outcome])
    cursors[shard] = outcome.cursor ?? null
    if (outcome.total !== undefined) totals[shard] = outcome.total
    if (outcome.hasMore) paging.push(shard)
  }
  const failed = worstFailure(failures)
  if (pages.length === 0 && failed) return failed
  const known = Object.values(totals)
  return {
    ...(await merge(set, request, pages)),
    kind: 'page',
    cursor: encodeShardCursor({ cursors, ...(paging.length > 0 ? { paging } : {}), ...(known.length > 0 ? { totals } : {}) }),
    hasMore: paging.length > 0,
    total: known.length > 0 ? known.reduce((a, b) => a + b, 0) : undefined,
  }
}
