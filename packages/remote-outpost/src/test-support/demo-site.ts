import { demoControllers, loadDemoDocTypes, openSite, seedDemo, startServer } from '@outpost/server'

export const TOKEN = 'ro-key:ro-secret-0123456789'

type Doc = Record<string, unknown>

/** The demo site ('small') over real HTTP on a free port, with admin REST calls for arranging tests. */
export async function startDemo() {
  const [key, secret] = TOKEN.split(':') as [string, string]
  const site = await openSite({ dbPath: ':memory:', doctypes: loadDemoDocTypes(), controllers: demoControllers, adminApiKey: key, adminApiSecret: secret })
  await seedDemo(site, 'small')
  const server = await startServer(site, { port: 0 })
  const call = async (method: string, path: string, body?: unknown): Promise<{ status: number; body: Doc }> => {
    const res = await fetch(server.url + path, { method, headers: { authorization: `token ${TOKEN}`, 'content-type': 'application/json' }, body: body === undefined ? null : JSON.stringify(body) })
    return { status: res.status, body: (await res.json()) as Doc }
  }
  const resource = (doctype: string, name?: string): string => `/api/resource/${encodeURIComponent(doctype)}${name === undefined ? '' : `/${encodeURIComponent(name)}`}`
  return {
    url: server.url,
    call,
    async list(doctype: string, filters: unknown[] = [], fields = ['name']): Promise<Doc[]> {
      const q = new URLSearchParams({ filters: JSON.stringify(filters), fields: JSON.stringify(fields), limit_page_length: '0' })
      return (await call('GET', `${resource(doctype)}?${q.toString()}`)).body['data'] as Doc[]
    },
    async insert(doctype: string, doc: Doc): Promise<Doc> {
      return (await call('POST', resource(doctype), doc)).body['data'] as Doc
    },
    async update(doctype: string, name: string, patch: Doc): Promise<Doc> {
      return (await call('PUT', resource(doctype, name), patch)).body['data'] as Doc
    },
    remove: (doctype: string, name: string) => call('DELETE', resource(doctype, name)),
    close: () => server.close(),
  }
}
