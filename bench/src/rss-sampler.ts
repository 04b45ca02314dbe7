/** Peak resident set size of this process, sampled every `everyMs` while running. */
export interface RssSampler {
  /** Stop sampling; the peak in MB (sampled), and the kernel's own high-water mark. */
  stop(): { peak_rss_mb: number; max_rss_mb: number }
}

export function sampleRss(everyMs = 100): RssSampler {
  let peak = process.memoryUsage().rss
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss)
  }, everyMs)
  return {
    stop() {
      clearInterval(timer)
      peak = Math.max(peak, process.memoryUsage().rss)
      const mb = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10
      // resourceUsage().maxRSS is in kilobytes.
      return { peak_rss_mb: mb(peak), max_rss_mb: mb(process.resourceUsage().maxRSS * 1024) }
    },
  }
}
