import { str } from '@outpost/demo'
import { FrappeError } from '@outpost/meta'
import type { Controller } from '../../controllers/controller.ts'

/**
 * ERPNext Item Price `validate`: item and price list details (`update_price_list_details`,
 * `update_item_details`) and the duplicate check (`check_duplicates`), reduced to the
 * fields the demo models.
 */
export const itemPriceController: Controller = {
  async validate(doc, ctx) {
    const itemCode = str(doc['item_code'])
    const priceList = str(doc['price_list'])
    if (itemCode !== undefined) {
      const item = await ctx.db.getDoc('Item', itemCode)
      if (item !== undefined) {
        doc['item_name'] = item['item_name']
        if (str(doc['uom']) === undefined) doc['uom'] = item['stock_uom']
      }
    }
    if (priceList !== undefined) {
      const list = await ctx.db.getDoc('Price List', priceList)
      if (list !== undefined) {
        doc['currency'] = list['currency']
        doc['selling'] = list['selling']
      }
    }
    if (itemCode === undefined || priceList === undefined) return
    const filters: Record<string, unknown> = { item_code: itemCode, price_list: priceList }
    if (str(doc['uom']) !== undefined) filters['uom'] = doc['uom']
    const same = await ctx.db.getAll('Item Price', { filters, fields: ['name'] })
    if (same.some((row) => row['name'] !== doc['name'])) {
      throw new FrappeError(
        'ValidationError',
        'Item Price appears multiple times based on Price List, Supplier/Customer, Currency, Item, Batch, UOM, Qty, and Dates.',
        { title: 'Duplicate Item Price' },
      )
    }
  },
}
