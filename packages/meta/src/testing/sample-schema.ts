import type { DocType } from '../doctype.ts'
import { Schema } from '../schema.ts'
import { buildDocType } from './build-doctype.ts'

/** Small hand-written doctypes covering every rule, independent of the ERPNext fixtures. */
export function sampleDocTypes(): DocType[] {
  const customer = buildDocType('Test Customer', [
    { fieldname: 'customer_name', fieldtype: 'Data', label: 'Customer Name', reqd: 1 },
    { fieldname: 'code', fieldtype: 'Data', label: 'Code', unique: 1 },
    { fieldname: 'disabled', fieldtype: 'Check', label: 'Disabled' },
  ], { title_field: 'customer_name' })
  const item = buildDocType('Test Item', [{ fieldname: 'item_name', fieldtype: 'Data', label: 'Item Name' }])
  const settings = buildDocType('Test Settings', [{ fieldname: 'currency', fieldtype: 'Data', label: 'Currency' }], { issingle: 1 })
  const orderItem = buildDocType('Test Order Item', [
    { fieldname: 'item', fieldtype: 'Link', label: 'Item', options: 'Test Item', reqd: 1 },
    { fieldname: 'qty', fieldtype: 'Float', label: 'Qty', reqd: 1, non_negative: 1 },
    { fieldname: 'uom', fieldtype: 'Select', label: 'UOM', options: 'Nos\nKg' },
    { fieldname: 'serial', fieldtype: 'Data', label: 'Serial', unique: 1 },
    { fieldname: 'comment', fieldtype: 'Data', label: 'Comment', allow_on_submit: 1 },
    { fieldname: 'delivered', fieldtype: 'Check', label: 'Delivered', default: '1' },
  ], { istable: 1 })
  const note = buildDocType('Test Order Note', [
    { fieldname: 'note', fieldtype: 'Data', label: 'Note' },
    { fieldname: 'pinned', fieldtype: 'Check', label: 'Pinned', allow_on_submit: 1 },
  ], { istable: 1 })
  return [customer, item, settings, orderItem, note, testOrderDocType()]
}

/** The submittable parent with a field of every kind a rule looks at, and three child tables. */
function testOrderDocType(): DocType {
  return buildDocType('Test Order', [
    { fieldname: 'naming_series', fieldtype: 'Select', label: 'Series', options: 'ORD-.YYYY.-\nORD-RET-.YYYY.-', reqd: 1, set_only_once: 1 },
    { fieldname: 'title', fieldtype: 'Data', label: 'Title', default: '{customer}' },
    { fieldname: 'customer', fieldtype: 'Link', label: 'Customer', options: 'Test Customer', reqd: 1 },
    { fieldname: 'order_date', fieldtype: 'Date', label: 'Order Date', reqd: 1, default: 'Today' },
    { fieldname: 'created_at', fieldtype: 'Datetime', label: 'Created At', default: 'now' },
    { fieldname: 'delivery_time', fieldtype: 'Time', label: 'Delivery Time' },
    { fieldname: 'sb1', fieldtype: 'Section Break', label: 'More' },
    { fieldname: 'status', fieldtype: 'Select', label: 'Status', options: '\nDraft\nSubmitted\nCancelled', default: 'Draft' },
    { fieldname: 'priority', fieldtype: 'Select', label: 'Priority', options: 'Low\nMedium\nHigh' },
    { fieldname: 'qty', fieldtype: 'Int', label: 'Quantity', non_negative: 1 },
    { fieldname: 'big_count', fieldtype: 'Long Int', label: 'Big Count' },
    { fieldname: 'total', fieldtype: 'Currency', label: 'Total', non_negative: 1, default: '0' },
    { fieldname: 'discount', fieldtype: 'Percent', label: 'Discount', non_negative: 1 },
    { fieldname: 'rate', fieldtype: 'Float', label: 'Rate' },
    { fieldname: 'rating', fieldtype: 'Rating', label: 'Rating' },
    { fieldname: 'is_paid', fieldtype: 'Check', label: 'Is Paid' },
    { fieldname: 'remarks', fieldtype: 'Small Text', label: 'Remarks', allow_on_submit: 1 },
    { fieldname: 'short_code', fieldtype: 'Data', label: 'Short Code', length: 5 },
    { fieldname: 'attachment', fieldtype: 'Attach', label: 'Attachment' },
    { fieldname: 'meta_json', fieldtype: 'JSON', label: 'Meta' },
    { fieldname: 'notes', fieldtype: 'Text Editor', label: 'Notes' },
    { fieldname: 'owner_user', fieldtype: 'Link', label: 'Owner User', options: 'User', default: '__user' },
    { fieldname: 'settings', fieldtype: 'Link', label: 'Settings', options: 'Test Settings' },
    { fieldname: 'reference_type', fieldtype: 'Data', label: 'Reference Type' },
    { fieldname: 'reference_name', fieldtype: 'Dynamic Link', label: 'Reference Name', options: 'reference_type' },
    { fieldname: 'external_ref', fieldtype: 'Data', label: 'External Ref', unique: 1 },
    { fieldname: 'company_code', fieldtype: 'Data', label: 'Company Code', set_only_once: 1 },
    { fieldname: 'amended_from', fieldtype: 'Link', label: 'Amended From', options: 'Test Order' },
    { fieldname: 'items', fieldtype: 'Table', label: 'Items', options: 'Test Order Item', reqd: 1 },
    { fieldname: 'order_notes', fieldtype: 'Table', label: 'Notes Table', options: 'Test Order Note', allow_on_submit: 1 },
    { fieldname: 'missing_rows', fieldtype: 'Table', label: 'Missing Rows', options: 'Not Loaded Child' },
  ], { is_submittable: 1, title_field: 'title', autoname: 'naming_series:' })
}

export function sampleSchema(): Schema {
  return new Schema(sampleDocTypes())
}
