import type { Doc, DocType } from '@outpost/meta'
import { buildDocType } from '@outpost/meta/testing'
import { treeDocType } from './memory-db.ts'

/** Widget User: full rights; Widget Owner: read/write own widgets only; permlevel 1 rows give no access. */
export const WIDGET_PERMISSIONS: readonly Record<string, unknown>[] = [
  { role: 'Widget User', permlevel: 0, read: 1, write: 1, create: 1, delete: 1, report: 1 },
  { role: 'Widget Owner', permlevel: 0, if_owner: 1, read: 1, write: 1, create: 1 },
  { role: 'Widget Auditor', permlevel: 1, read: 1, write: 1 },
]

/**
 * A small schema for query and permission tests: a Territory tree, a Customer master, a
 * Widget with every storage kind and a child table (Widget Row).
 */
export function widgetDocTypes(): DocType[] {
  const territory = treeDocType('Territory')
  const customer = buildDocType('Customer', [
    { fieldname: 'customer_name', fieldtype: 'Data' },
    { fieldname: 'territory', fieldtype: 'Link', options: 'Territory' },
  ], { autoname: 'Prompt', permissions: [{ role: 'Widget User', read: 1 }] })
  const row = buildDocType('Widget Row', [
    { fieldname: 'item_code', fieldtype: 'Data' },
    { fieldname: 'qty', fieldtype: 'Float' },
    { fieldname: 'territory', fieldtype: 'Link', options: 'Territory' },
  ], { istable: 1 })
  const widget = buildDocType('Widget', [
    { fieldname: 'title', fieldtype: 'Data' },
    { fieldname: 'status', fieldtype: 'Select', options: 'Open\nClosed' },
    { fieldname: 'qty', fieldtype: 'Int' },
    { fieldname: 'amount', fieldtype: 'Currency' },
    { fieldname: 'disabled', fieldtype: 'Check' },
    { fieldname: 'due', fieldtype: 'Date' },
    { fieldname: 'at', fieldtype: 'Datetime' },
    { fieldname: 'territory', fieldtype: 'Link', options: 'Territory' },
    { fieldname: 'customer', fieldtype: 'Link', options: 'Customer' },
    { fieldname: 'ref_territory', fieldtype: 'Link', options: 'Territory', ignore_user_permissions: 1 },
    { fieldname: 'items', fieldtype: 'Table', options: 'Widget Row' },
  ], { autoname: 'Prompt', permissions: WIDGET_PERMISSIONS })
  return [territory, customer, row, widget]
}

/** All Territories > Asia > India > Mumbai, and All Territories > Europe. */
export const TERRITORIES: readonly Doc[] = [
  { name: 'All Territories', is_group: 1, parent_territory: null },
  { name: 'Asia', is_group: 1, parent_territory: 'All Territories' },
  { name: 'India', is_group: 1, parent_territory: 'Asia' },
  { name: 'Mumbai', is_group: 0, parent_territory: 'India' },
  { name: 'Europe', is_group: 0, parent_territory: 'All Territories' },
]

export const CUSTOMERS: readonly Doc[] = [
  { name: 'Acme', territory: 'India' },
  { name: 'Bolt', territory: 'Europe' },
]

/** Four widgets with NULLs, empty strings, quotes and edge timestamps. */
export const WIDGETS: readonly Doc[] = [
  {
    name: 'W1', owner: 'ann@example.com', title: 'Alpha', status: 'Open', qty: 5, amount: 10.5, disabled: 0, due: '2024-01-10',
    at: '2024-01-10 08:00:00.000000', territory: 'India', customer: 'Acme', items: [{ item_code: 'A', qty: 1, territory: 'Mumbai' }],
  },
  {
    name: 'W2', owner: 'bob@example.com', title: null, status: null, qty: 0, amount: 0, disabled: 1, due: null,
    at: '2024-01-31 23:59:59.500000', territory: 'Asia', customer: null, items: [{ item_code: 'B', qty: 2, territory: 'Europe' }],
  },
  {
    name: 'W3', owner: 'ann@example.com', title: "O'Brien", status: 'Closed', qty: 10, amount: 99, disabled: 0, due: '2024-02-01',
    at: '2024-02-01 00:00:00.000000', territory: null, customer: 'Bolt', ref_territory: 'Europe', items: [],
  },
  {
    name: 'W4', title: '', status: 'Open', qty: -1, amount: 1, disabled: 0, due: '2024-01-31',
    at: '2023-12-31 23:59:59.999999', territory: 'Mumbai', customer: 'Acme', items: [{ item_code: 'A', qty: 5 }, { item_code: 'C', qty: 0 }],
  },
]
