import type { ControllerMap } from '../../controllers/controller.ts'
import { titleWithAbbrNaming, warehouseNaming } from './company-suffix-naming.ts'
import { itemPriceController } from './item-price.ts'
import { itemController } from './item.ts'
import { paymentEntryController } from './payment-entry.ts'
import { salesInvoiceController } from './sales-invoice.ts'

/**
 * Business rules of the demo site, keyed by doctype.
 *
 * Customer has no controller on purpose. ERPNext's Customer `autoname()` follows Selling
 * Settings `cust_master_name` (default "Customer Name": the name is the customer_name, or
 * "<customer_name> - <n>" when taken). The demo keeps the meta naming, `naming_series:`
 * (CUST-.YYYY.-), as a site set to "Naming Series" does, so that customers created offline
 * exercise temp names and the rename of every link to them on sync.
 */
export const demoControllers: ControllerMap = {
  'Account': titleWithAbbrNaming('account_name'),
  'Cost Center': titleWithAbbrNaming('cost_center_name'),
  'Warehouse': warehouseNaming,
  'Item': itemController,
  'Item Price': itemPriceController,
  'Sales Invoice': salesInvoiceController,
  'Payment Entry': paymentEntryController,
}
