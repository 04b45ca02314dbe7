export { CHROMIUM, chromiumMissing, inCi, launchChromium } from './chromium.ts'
export { startPageServer } from './page-server.ts'
export type { ObservedRequest, PageServer, PageServerOptions } from './page-server.ts'
export { bundle } from './page-bundle.ts'
