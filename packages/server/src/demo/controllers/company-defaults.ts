import { str } from '@outpost/demo'
import type { ControllerDb } from '../../controllers/controller.ts'

type CompanyAccountField = 'default_receivable_account' | 'default_income_account' | 'default_cash_account'

/**
 * A company's default account (ERPNext reads Company defaults), else the first ledger
 * (non-group) account of the given account type in that company.
 */
export async function defaultAccount(db: ControllerDb, company: string, field: CompanyAccountField | undefined, accountType: string): Promise<string | undefined> {
  if (field !== undefined) {
    const fromCompany = str(await db.getValue('Company', company, field))
    if (fromCompany !== undefined) return fromCompany
  }
  const rows = await db.getAll('Account', { filters: { company, account_type: accountType, is_group: 0 }, fields: ['name'], limit: 1 })
  return str(rows[0]?.['name'])
}

/** The company's default cost center, else its first non-group cost center. */
export async function defaultCostCenter(db: ControllerDb, company: string): Promise<string | undefined> {
  const fromCompany = str(await db.getValue('Company', company, 'cost_center'))
  if (fromCompany !== undefined) return fromCompany
  const rows = await db.getAll('Cost Center', { filters: { company, is_group: 0 }, fields: ['name'], limit: 1 })
  return str(rows[0]?.['name'])
}
