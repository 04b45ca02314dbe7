import { FrappeError, type DocType } from '@outpost/meta'

/**
 * Only a submittable DocType has documents past draft: a docstatus of 1 or 2 sent to another
 * (in an insert, an update or a push) would leave a document no save, cancel or delete accepts.
 */
export function refuseUnsubmittable(doctype: DocType, docstatus: number): void {
  if (docstatus !== 0 && !doctype.isSubmittable) throw new FrappeError('ValidationError', `${doctype.name} is not submittable`)
}
