import { slug, uniqueName } from './demo-names.ts'
import { insertOne, type DemoStep } from './demo-record.ts'
import { LEAF_TERRITORIES, type DemoMasters } from './demo-masters.ts'
import { CITIES, COMPANY_STEMS, COMPANY_SUFFIXES, FIRST_NAMES, GOVERNMENT_TEMPLATES, LAST_NAMES } from './demo-words.ts'
import type { Rng } from './prng.ts'

/** What the invoice generator needs to know about a customer. */
export interface DemoCustomer {
  readonly name: string
  readonly customerName: string
  readonly territory: string
  readonly disabled: boolean
}

const TERRITORY_WEIGHTS: readonly (readonly [string, number])[] = [
  ['North', 30], ['South', 25], ['East', 15], ['West', 20], ['Rest Of The World', 10],
]

function mobile(rng: Rng, territory: string): string {
  if (territory === 'Rest Of The World') return `+${String(rng.pick([44, 65, 971, 254, 1]))} ${rng.digits(9)}`
  return `+91 ${String(rng.int(6, 9))}${rng.digits(9)}`
}

/**
 * `count` customers named by the Customer naming series, spread over the leaf territories
 * and the three customer groups; a few are disabled (the first one disabled is the 4th).
 */
export function* demoCustomers(rng: Rng, masters: DemoMasters, count: number): DemoStep<DemoCustomer[]> {
  const used = new Set<string>()
  const customers: DemoCustomer[] = []
  for (let i = 0; i < count; i++) {
    const territoryName = i < LEAF_TERRITORIES.length ? LEAF_TERRITORIES[i] ?? 'North' : rng.weighted(TERRITORY_WEIGHTS)
    const territory = masters.territories.get(territoryName) ?? territoryName
    const city = rng.pick(CITIES[territoryName] ?? ['Delhi'])
    const kind = rng.weighted([['individual', 45], ['commercial', 45], ['government', 10]] as const)
    let customerName: string
    let email: string
    if (kind === 'individual') {
      customerName = uniqueName(used, () => `${rng.pick(FIRST_NAMES)} ${rng.pick(LAST_NAMES)}`)
      email = `${slug(customerName).replace(/-/g, '.')}@example.com`
    } else if (kind === 'commercial') {
      customerName = uniqueName(used, () => `${rng.pick(COMPANY_STEMS)} ${rng.pick(COMPANY_SUFFIXES)}`)
      email = `accounts@${slug(customerName)}.example.com`
    } else {
      customerName = uniqueName(used, () => rng.pick(GOVERNMENT_TEMPLATES).replace('{city}', city))
      email = `office@${slug(customerName)}.example.org`
    }
    const disabled = i === 3 || (i > 5 && rng.chance(0.03))
    const name = yield* insertOne('Customer', {
      naming_series: 'CUST-.YYYY.-',
      customer_name: customerName,
      customer_type: kind === 'individual' ? 'Individual' : 'Company',
      customer_group: masters.customerGroups[kind],
      territory,
      disabled: disabled ? 1 : 0,
      email_id: email,
      mobile_no: mobile(rng, territoryName),
      default_currency: masters.currency,
      default_price_list: masters.priceList,
      customer_details: kind === 'individual' ? '' : `Head office in ${city}.`,
    })
    customers.push({ name, customerName, territory, disabled })
  }
  return customers
}
