import type { Doc } from '@outpost/meta'

let handed: { doctype: string; doc: Doc } | undefined

/** A prepared new document (an amendment) for the next "new" form of `doctype`. */
export function handOff(doctype: string, doc: Doc): void {
  handed = { doctype, doc }
}

export function takeHandOff(doctype: string): Doc | undefined {
  if (handed?.doctype !== doctype) return undefined
  const { doc } = handed
  handed = undefined
  return doc
}
