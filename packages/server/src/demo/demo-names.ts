/** Names and slugs for generated demo masters. */

/** A name not used yet: up to 20 random tries, then the base with a counter. */
export function uniqueName(used: Set<string>, make: () => string): string {
  let candidate = make()
  for (let i = 0; i < 20 && used.has(candidate); i++) candidate = make()
  const base = candidate
  for (let n = 2; used.has(candidate); n++) candidate = `${base} ${n}`
  used.add(candidate)
  return candidate
}

/** ASCII lowercase slug: "Müller & Sons" → "muller-sons". */
export function slug(text: string): string {
  return text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '')
}
