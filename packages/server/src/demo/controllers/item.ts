import { str } from '@outpost/demo'
import type { Controller } from '../../controllers/controller.ts'

/** ERPNext Item `validate`: the name defaults to the code, the description to the name. */
export const itemController: Controller = {
  validate(doc) {
    if (str(doc['item_name']) === undefined) doc['item_name'] = doc['item_code']
    const description = str(doc['description'])?.replace(/<[^>]*>/g, '').trim()
    if (description === undefined || description === '') doc['description'] = doc['item_name']
  },
}
