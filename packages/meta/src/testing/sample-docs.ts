import { coerceDocument } from '../coerce.ts'
import type { Doc } from '../document.ts'
import type { Schema } from '../schema.ts'

/** Stored documents the sample resolvers know. */
export const SAMPLE_STORE: Readonly<Record<string, readonly Doc[]>> = {
  'Test Customer': [{ name: 'C1', customer_name: 'One', code: 'C-1' }, { name: 'Acme Ltd', customer_name: 'Acme' }],
  'Test Item': [{ name: 'I1' }, { name: 'Item Two' }],
  'Test Order': [{ name: 'ORD-OLD', docstatus: 2 }, { name: 'ORD-SUB', docstatus: 1 }, { name: 'ORD-DRAFT', docstatus: 0, external_ref: 'EXT-1' }],
  'Test Order Item': [{ name: 'row-other', serial: 'SN-TAKEN' }],
}

/** A valid, coerced draft Test Order; `extra` is merged over it before coercion. */
export function sampleOrder(schema: Schema, extra: Record<string, unknown> = {}): Doc {
  return coerceDocument(schema, schema.require('Test Order'), {
    name: 'ORD-0001', naming_series: 'ORD-.YYYY.-', customer: 'C1', order_date: '2024-01-01', docstatus: 0,
    items: [{ name: 'row1', item: 'I1', qty: 1 }],
    ...extra,
  })
}
