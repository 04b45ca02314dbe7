import type { PullOutcome } from '@outpost/core'
import type { Doc } from '@outpost/meta'
import type { PullLine } from './pull-lines.ts'

type Page = Extract<PullOutcome, { kind: 'page' }>
type EndLine = Extract<PullLine, { type: 'end' }>

const key = (name: string): string => name.toLowerCase()

/**
 * Folds the lines of one answer into a page the engine applies as renames, then documents,
 * then deletions. The server sends them interleaved in commit order; folding keeps that
 * meaning: a later line about a name replaces an earlier one (a document re-created after its
 * deletion is a document; deleted after being sent, a deletion), and a rename onto a name whose
 * deletion came first keeps the renamed document. Only one answer's lines are held.
 */
export class PageBuilder {
  readonly #docs = new Map<string, Doc>()
  readonly #deleted = new Map<string, string>()
  readonly #renamed: { from: string; to: string }[] = []
  /** The DocType's meta version from its `meta` line, so the replica notices a changed DocType. */
  #metaVersion: string | undefined

  constructor(private readonly doctype: string) {}

  add(line: PullLine): void {
    if (!('doctype' in line) || line.doctype !== this.doctype) return
    switch (line.type) {
      case 'meta':
        if (line.version !== '') this.#metaVersion = line.version
        return
      case 'doc':
        this.#deleted.delete(key(String(line.doc['name'])))
        this.#docs.set(key(String(line.doc['name'])), line.doc)
        return
      case 'delete':
        this.#docs.delete(key(line.name))
        this.#deleted.set(key(line.name), line.name)
        return
      case 'rename':
        this.#deleted.delete(key(line.to))
        this.#renamed.push({ from: line.from, to: line.to })
        return
      default:
        return
    }
  }

  finish(end: EndLine): Page {
    return {
      kind: 'page', docs: [...this.#docs.values()], deleted: [...this.#deleted.values()], renamed: this.#renamed,
      reconcile: end.reconcile.includes(this.doctype), cursor: end.cursor, hasMore: end.hasMore, total: end.total,
      ...(this.#metaVersion === undefined ? {} : { metaVersion: this.#metaVersion }),
    }
  }
}
