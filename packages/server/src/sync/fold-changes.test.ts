import { describe, expect, it } from 'vitest'
import type { ChangeEntry, ChangeOp } from './change-log.ts'
import { ChangeFolder, type PullStep } from './fold-changes.ts'

let seq = 0
const e = (op: ChangeOp, name: string, fromName: string | null = null, doctype = 'Customer'): ChangeEntry => ({ seq: ++seq, doctype, name, op, fromName })

function fold(entries: readonly ChangeEntry[]): PullStep[] {
  const folder = new ChangeFolder()
  for (const entry of entries) folder.add(entry)
  return folder.steps()
}

/** Steps without record ids, for readable expectations. */
const plain = (steps: readonly PullStep[]): string[] => steps.map((s) => (s.kind === 'rename' ? `rename ${s.from}->${s.to}` : `${s.gone ? 'gone' : 'state'} ${s.name}${s.onlyInserts ? ' (new)' : ''}`))

describe('ChangeFolder', () => {
  it('folds several entries of one document into one state, placed at its last entry', () => {
    expect(plain(fold([e('insert', 'A'), e('update', 'B'), e('update', 'A'), e('submit', 'A')]))).toEqual(['state B', 'state A'])
  })

  it('matches names as SQLite NOCASE does', () => {
    expect(plain(fold([e('update', 'acme'), e('update', 'ACME')]))).toEqual(['state acme'])
  })

  it('keeps documents of different doctypes apart', () => {
    expect(fold([e('update', 'X', null, 'Customer'), e('update', 'X', null, 'Item')]).map((s) => s.doctype)).toEqual(['Customer', 'Item'])
  })

  it('marks documents that were only inserted', () => {
    expect(plain(fold([e('insert', 'A'), e('insert', 'B'), e('update', 'B')]))).toEqual(['state A (new)', 'state B'])
  })

  it('sends a rename before the renamed document, and follows the document through it', () => {
    expect(plain(fold([e('update', 'A'), e('rename', 'B', 'A'), e('update', 'B')]))).toEqual(['rename A->B', 'state B'])
  })

  it('keeps each rename of a chain in order, so names never collide (a swap through a spare name)', () => {
    expect(plain(fold([e('rename', 'T', 'A'), e('rename', 'A', 'B'), e('rename', 'B', 'T')]))).toEqual([
      'rename A->T', 'rename B->A', 'state A', 'rename T->B', 'state B',
    ])
  })

  it('closes a document whose name another document takes: it is gone whatever the name now holds', () => {
    const steps = fold([e('update', 'X'), e('delete', 'X'), e('rename', 'X', 'Y')])
    expect(plain(steps)).toEqual(['gone X', 'rename Y->X', 'state X'])
    expect(new Set(steps.map((s) => s.record)).size).toBe(2)
  })

  it('counts followed documents for the page limit', () => {
    const folder = new ChangeFolder()
    folder.add(e('insert', 'A'))
    folder.add(e('update', 'A'))
    expect(folder.size).toBe(1)
    expect(folder.isNew(e('update', 'a'))).toBe(false)
    expect(folder.isNew(e('update', 'B'))).toBe(true)
    expect(folder.isNew(e('rename', 'Z', 'A'))).toBe(false)
  })
})
