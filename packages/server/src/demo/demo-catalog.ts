import { uniqueName } from './demo-names.ts'
import { insertOne, type DemoStep } from './demo-record.ts'
import type { DemoMasters } from './demo-masters.ts'
import {
  PRODUCT_ADJECTIVES, PRODUCT_NOUNS, PRODUCT_VARIANTS, RAW_GRADES, RAW_MATERIALS,
  SERVICE_KINDS, SERVICE_SUBJECTS, SERVICE_TIERS,
} from './demo-words.ts'
import type { Rng } from './prng.ts'

export type ItemKind = 'product' | 'service' | 'raw'

/** What the invoice generator needs to know about an item. */
export interface DemoItem {
  readonly code: string
  readonly name: string
  readonly kind: ItemKind
  readonly uom: string
  readonly rate: number
  readonly stock: boolean
  readonly disabled: boolean
}

const PREFIX: Record<ItemKind, string> = { product: 'PRD', service: 'SRV', raw: 'RM' }

function describe(kind: ItemKind, name: string): string {
  if (kind === 'service') return `<p>${name}, billed per hour by our service team.</p>`
  if (kind === 'raw') return `<p>${name}, sold by the kilogram. Test certificate on request.</p>`
  return `<p>${name}. One year warranty.</p>`
}

/** Name, unit, price and group of one new item of `kind` (random choices in a fixed order, for reproducible data). */
function itemSpec(rng: Rng, masters: DemoMasters, kind: ItemKind, used: Set<string>): { name: string; uom: string; rate: number; group: string } {
  if (kind === 'product') {
    const name = uniqueName(used, () => `${rng.pick(PRODUCT_ADJECTIVES)} ${rng.pick(PRODUCT_NOUNS)} (${rng.pick(PRODUCT_VARIANTS)})`)
    const uom = rng.chance(0.15) ? masters.uoms.box : masters.uoms.nos
    return { name, uom, rate: rng.int(2, 200) * 50 - 1, group: masters.itemGroups.products }
  }
  if (kind === 'service') {
    const name = uniqueName(used, () => `${rng.pick(SERVICE_SUBJECTS)} ${rng.pick(SERVICE_KINDS)} - ${rng.pick(SERVICE_TIERS)}`)
    return { name, uom: masters.uoms.hour, rate: rng.int(2, 60) * 250, group: masters.itemGroups.services }
  }
  const name = uniqueName(used, () => {
    const [material, specs] = rng.pick(RAW_MATERIALS)
    return `${material} ${rng.pick(specs)} ${rng.pick(RAW_GRADES)}`
  })
  return { name, uom: masters.uoms.kg, rate: rng.int(40, 1800) / 2, group: masters.itemGroups.rawMaterial }
}

/** `count` items across Products, Services and Raw Material, each with a Standard Selling price. */
export function* demoItems(rng: Rng, masters: DemoMasters, count: number): DemoStep<DemoItem[]> {
  const used = new Set<string>()
  const items: DemoItem[] = []
  for (let i = 0; i < count; i++) {
    const kind = rng.weighted<ItemKind>([['product', 60], ['service', 15], ['raw', 25]])
    const { name, uom, rate, group } = itemSpec(rng, masters, kind, used)
    const stock = kind !== 'service'
    const disabled = i > 2 && rng.chance(0.02)
    const code = yield* insertOne('Item', {
      item_code: `${PREFIX[kind]}-${String(i + 1).padStart(5, '0')}`,
      item_name: name,
      item_group: group,
      stock_uom: uom,
      is_stock_item: stock ? 1 : 0,
      disabled: disabled ? 1 : 0,
      description: describe(kind, name),
      standard_rate: rate,
      valuation_rate: stock ? Math.round(rate * 0.7 * 100) / 100 : 0,
    })
    items.push({ code, name, kind, uom, rate, stock, disabled })
  }
  for (const item of items) {
    yield* insertOne('Item Price', {
      item_code: item.code, item_name: item.name, uom: item.uom, price_list: masters.priceList,
      currency: masters.currency, selling: 1, price_list_rate: item.rate,
    })
  }
  return items
}
