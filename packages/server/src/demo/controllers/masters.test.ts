import { rounded, flt } from '@outpost/demo'
import { describe, expect, it } from 'vitest'
import { createTestSite } from './test-site.ts'

describe('company-suffixed naming', () => {
  it('names accounts, cost centers and warehouses "<title> - <abbr>"', async () => {
    const site = await createTestSite()
    expect(await site.db.exists('Account', 'Debtors - OD')).toBe(true)
    expect(await site.db.exists('Cost Center', 'Main - OD')).toBe(true)
    expect((await site.insert('Warehouse', { warehouse_name: 'Stores', company: 'Outpost Demo' }))['name']).toBe('Stores - OD')
    expect((await site.insert('Warehouse', { warehouse_name: 'Transit - OD', company: 'Outpost Demo' }))['name']).toBe('Transit - OD')
    expect((await site.insert('Account', { account_name: ' Bank - OD ', company: 'Outpost Demo' }))['name']).toBe('Bank - OD - OD')
  })

  it('needs a known company and a title', async () => {
    const site = await createTestSite()
    await expect(site.insert('Account', { account_name: 'X' })).rejects.toThrow('Company is required')
    await expect(site.insert('Account', { account_name: 'X', company: 'Nope' })).rejects.toThrow('Could not find Company: Nope')
    await expect(site.insert('Cost Center', { company: 'Outpost Demo' })).rejects.toThrow('Cost Center Name is required')
  })
})

describe('Item and Item Price', () => {
  it('defaults item name and description', async () => {
    const site = await createTestSite()
    const item = await site.insert('Item', { item_code: 'BOLT-M8', item_group: 'Products', stock_uom: 'Nos', description: '<p> </p>' })
    expect(item).toMatchObject({ item_name: 'BOLT-M8', description: 'BOLT-M8' })
  })

  it('takes details from the item and price list, and refuses duplicates', async () => {
    const site = await createTestSite()
    const price = await site.insert('Item Price', { item_code: 'CHAIR', price_list: 'Standard Selling', price_list_rate: 240 })
    expect(price).toMatchObject({ item_name: 'Office Chair', uom: 'Nos', currency: 'INR', selling: 1 })
    await expect(site.insert('Item Price', { item_code: 'CHAIR', price_list: 'Standard Selling', price_list_rate: 1 }))
      .rejects.toThrow('Item Price appears multiple times')
  })
})

describe('money', () => {
  it('rounds like frappe.utils.rounded', () => {
    expect(rounded(2.5)).toBe(2)
    expect(rounded(3.5)).toBe(4)
    expect(rounded(1.005, 2)).toBe(1.01)
    expect(rounded(2.675, 2)).toBe(2.68)
    expect(rounded(-1.125, 2)).toBe(-1.12)
    expect(flt('1,234.567', 2)).toBe(1234.57)
    expect(flt('abc')).toBe(0)
    expect(flt(null)).toBe(0)
  })
})
