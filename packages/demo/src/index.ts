export { calculateInvoiceTotals, invoicePayableTotal, salesInvoiceStatus, rowsOf } from './sales-invoice-totals.ts'
export { CURRENCY_PRECISION, FLOAT_PRECISION, flt, rounded } from './money.ts'
export { str, isChecked } from './field-values.ts'
export { demoClientHooks } from './client-hooks.ts'
