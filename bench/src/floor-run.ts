import { sampleRss } from './rss-sampler.ts'

/**
 * A floor child's run: each DocType pulled in turn, timed, its RSS sampled; prints the one JSON
 * line the parent reads (wall time, documents, counts per DocType, peak RSS).
 */
export async function runFloor(doctypes: readonly string[], pullDoctype: (doctype: string) => Promise<number>, close: () => void): Promise<void> {
  const rss = sampleRss(100)
  const t0 = performance.now()
  const counts: Record<string, number> = {}
  for (const doctype of doctypes) counts[doctype] = await pullDoctype(doctype)
  const seconds = (performance.now() - t0) / 1000
  const memory = rss.stop()
  close()
  const docs = Object.values(counts).reduce((a, b) => a + b, 0)
  console.log(JSON.stringify({ seconds, docs, counts, ...memory }))
}
