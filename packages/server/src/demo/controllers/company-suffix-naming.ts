import { str } from '@outpost/demo'
import { FrappeError, type Doc } from '@outpost/meta'
import type { Controller, ControllerContext } from '../../controllers/controller.ts'

async function companyAbbr(doc: Doc, ctx: ControllerContext): Promise<string> {
  const company = str(doc['company'])
  if (company === undefined) throw new FrappeError('ValidationError', `${ctx.doctype.field('company')?.label ?? 'Company'} is required`)
  const abbr = str(await ctx.db.getValue('Company', company, 'abbr'))
  if (abbr === undefined) throw new FrappeError('LinkValidationError', `Could not find Company: ${company}`)
  return abbr
}

function titleOf(doc: Doc, ctx: ControllerContext, fieldname: string): string {
  const title = str(doc[fieldname])?.trim()
  if (title === undefined || title === '') {
    throw new FrappeError('ValidationError', `${ctx.doctype.field(fieldname)?.label ?? fieldname} is required`)
  }
  return title
}

/**
 * ERPNext `get_autoname_with_number` (Account, Cost Center): `<title> - <company abbr>`,
 * e.g. "Debtors - OD". The suffix is appended even if the title already ends with it.
 */
export function titleWithAbbrNaming(titleField: string): Controller {
  return {
    async autoname(doc, ctx) {
      const title = titleOf(doc, ctx, titleField)
      return `${title} - ${await companyAbbr(doc, ctx)}`
    },
  }
}

/** ERPNext Warehouse `autoname`: `<warehouse_name> - <abbr>`, unless the name already ends so. */
export const warehouseNaming: Controller = {
  async autoname(doc, ctx) {
    const title = titleOf(doc, ctx, 'warehouse_name')
    const suffix = ` - ${await companyAbbr(doc, ctx)}`
    return title.endsWith(suffix) ? title : `${title}${suffix}`
  },
}
