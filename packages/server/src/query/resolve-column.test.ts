import { describe, expect, it } from 'vitest'
import { Schema } from '@outpost/meta'
import { frappeErrorOf } from '@outpost/meta/testing'
import { columnsOf } from '../storage/columns.ts'
import { widgetDocTypes } from '../testing/widget-schema.ts'
import { neverNull, nullFallback, resolveColumn } from './resolve-column.ts'

const schema = new Schema(widgetDocTypes())
const widget = schema.require('Widget')
const row = schema.require('Widget Row')

describe('resolveColumn', () => {
  it.each(['title', ' title ', '`title`', 'tabWidget.title', '`tabWidget`.`title`', '`tabWidget`.title'])('resolves %j', (ref) => {
    expect(resolveColumn(widget, ref).name).toBe('title')
  })

  it('resolves standard columns and the outpost id', () => {
    for (const c of ['name', 'owner', 'creation', 'modified', 'modified_by', 'docstatus', 'idx', 'outpost_id']) {
      expect(resolveColumn(widget, c).name).toBe(c)
    }
  })

  it('resolves parent columns only on child tables', () => {
    expect(resolveColumn(row, 'parenttype').name).toBe('parenttype')
    expect(frappeErrorOf(() => resolveColumn(widget, 'parenttype')).excType).toBe('DataError')
    expect(frappeErrorOf(() => resolveColumn(row, 'outpost_id')).excType).toBe('DataError')
  })

  it('does not resolve Table fields, which have no column', () => {
    expect(frappeErrorOf(() => resolveColumn(widget, 'items')).message).toBe('Field not permitted in query: items')
  })

  it.each(['TITLE', 'tabwidget.title', 'tabWidget Row.title', 'title.x', 'title"', 'title--', 'title ;', 'ti tle'])('refuses %j', (ref) => {
    expect(frappeErrorOf(() => resolveColumn(widget, ref)).excType).toBe('DataError')
  })
})

describe('nullFallback and neverNull', () => {
  it('give the value Frappe uses in ifnull() per storage kind', () => {
    const fallback = (name: string): unknown => nullFallback(resolveColumn(widget, name))
    expect([fallback('title'), fallback('qty'), fallback('amount'), fallback('disabled'), fallback('due'), fallback('at')])
      .toEqual(['', 0, 0, 0, '0001-01-01', '0001-01-01 00:00:00.000000'])
  })

  it('mark only name, creation and modified as never null', () => {
    expect(columnsOf(widget).filter(neverNull).map((c) => c.name)).toEqual(['name', 'creation', 'modified'])
  })
})
