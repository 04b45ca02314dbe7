import { loadDocType, Schema, type DocType } from '@outpost/meta'

/** Small DocTypes shaped like the demo's Sales Invoice, for the desk's unit tests. */
export const invoiceItem: DocType = loadDocType({
  name: 'Invoice Item', istable: 1,
  fields: [
    { fieldname: 'item_code', fieldtype: 'Link', options: 'Item', label: 'Item', reqd: 1, in_list_view: 1 },
    { fieldname: 'item_name', fieldtype: 'Data', label: 'Item Name', fetch_from: 'item_code.item_name' },
    { fieldname: 'qty', fieldtype: 'Float', label: 'Quantity', in_list_view: 1, default: '1' },
    { fieldname: 'rate', fieldtype: 'Currency', label: 'Rate', in_list_view: 1 },
    { fieldname: 'hidden_note', fieldtype: 'Data', label: 'Note', hidden: 1 },
  ],
})

export const invoice: DocType = loadDocType({
  name: 'Invoice', is_submittable: 1, title_field: 'customer_name', search_fields: 'customer, po_no',
  fields: [
    { fieldname: 'customer', fieldtype: 'Link', options: 'Customer', label: 'Customer', reqd: 1, in_standard_filter: 1 },
    { fieldname: 'customer_name', fieldtype: 'Data', label: 'Customer Name', read_only: 1, fetch_from: 'customer.customer_name' },
    { fieldname: 'col', fieldtype: 'Column Break' },
    { fieldname: 'posting_date', fieldtype: 'Date', label: 'Posting Date', default: 'Today', reqd: 1 },
    { fieldname: 'due_date', fieldtype: 'Date', label: 'Due Date' },
    { fieldname: 'items_section', fieldtype: 'Section Break', label: 'Items' },
    { fieldname: 'items', fieldtype: 'Table', options: 'Invoice Item', label: 'Items', reqd: 1 },
    { fieldname: 'grand_total', fieldtype: 'Currency', label: 'Grand Total', read_only: 1, no_copy: 1 },
    { fieldname: 'more_tab', fieldtype: 'Tab Break', label: 'More Info' },
    { fieldname: 'po_no', fieldtype: 'Data', label: 'PO No' },
    { fieldname: 'status', fieldtype: 'Select', label: 'Status', options: '\nDraft\nPaid' },
    { fieldname: 'empty_tab', fieldtype: 'Tab Break', label: 'Nothing' },
    { fieldname: 'secret', fieldtype: 'Data', label: 'Secret', hidden: 1 },
  ],
})

export const schema = new Schema([invoice, invoiceItem])
