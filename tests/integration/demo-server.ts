import { demoControllers, loadDemoDocTypes, openSite, seedDemo, startServer, type RunningServer, type Site } from '@outpost/server'

export const DEMO_TOKEN = 'itest-admin:itest-admin-secret-0123456789'

type Doc = Record<string, unknown>

export interface HttpResult {
  readonly status: number
  readonly body: Record<string, unknown>
}

/** REST calls against the reference server, authenticated as a given user (admin token by default). */
export interface RestClient {
  call(method: string, path: string, body?: unknown): Promise<HttpResult>
  insert(doctype: string, doc: Doc): Promise<Doc>
  get(doctype: string, name: string): Promise<Doc>
  update(doctype: string, name: string, patch: Doc): Promise<Doc>
  list(doctype: string, filters?: unknown, fields?: readonly string[]): Promise<Doc[]>
}

export interface DemoServer {
  readonly url: string
  readonly site: Site
  readonly server: RunningServer
  readonly admin: RestClient
  /** A REST client logged in with a session cookie. */
  login(usr: string, pwd: string): Promise<RestClient>
  close(): Promise<void>
}

export const resourcePath = (doctype: string, name?: string): string =>
  `/api/resource/${encodeURIComponent(doctype)}${name === undefined ? '' : `/${encodeURIComponent(name)}`}`

function restClient(url: string, auth: Record<string, string>): RestClient {
  const call: RestClient['call'] = async (method, path, body) => {
    const res = await fetch(url + path, { method, headers: { ...auth, 'content-type': 'application/json' }, body: body === undefined ? null : JSON.stringify(body) })
    const text = await res.text()
    return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} }
  }
  const ok = (what: string, r: HttpResult): Doc => {
    if (r.status !== 200) throw new Error(`${what}: ${r.status} ${JSON.stringify(r.body).slice(0, 400)}`)
    return r.body['data'] as Doc
  }
  return {
    call,
    insert: async (doctype, doc) => ok(`insert ${doctype}`, await call('POST', resourcePath(doctype), doc)),
    get: async (doctype, name) => ok(`get ${doctype} ${name}`, await call('GET', resourcePath(doctype, name))),
    update: async (doctype, name, patch) => ok(`update ${doctype} ${name}`, await call('PUT', resourcePath(doctype, name), patch)),
    async list(doctype, filters = [], fields = ['name']) {
      const q = new URLSearchParams({ filters: JSON.stringify(filters), fields: JSON.stringify(fields), limit_page_length: '0' })
      return ok(`list ${doctype}`, await call('GET', `${resourcePath(doctype)}?${q.toString()}`)) as unknown as Doc[]
    },
  }
}

/** The demo site ('small') in this process, over real HTTP on a free port. One per test file. */
export async function startDemoSite(): Promise<DemoServer> {
  const [key, secret] = DEMO_TOKEN.split(':') as [string, string]
  const site = await openSite({ dbPath: ':memory:', doctypes: loadDemoDocTypes(), controllers: demoControllers, adminApiKey: key, adminApiSecret: secret })
  await seedDemo(site, 'small')
  const server = await startServer(site, { port: 0 })
  const url = server.url
  return {
    url, site, server,
    admin: restClient(url, { authorization: `token ${DEMO_TOKEN}` }),
    async login(usr, pwd) {
      const res = await fetch(`${url}/api/method/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ usr, pwd }) })
      if (res.status !== 200) throw new Error(`login ${usr}: ${res.status}`)
      const sid = /sid=([^;]+)/.exec(res.headers.get('set-cookie') ?? '')?.[1]
      if (!sid) throw new Error(`login ${usr}: no sid cookie`)
      return restClient(url, { cookie: `sid=${sid}` })
    },
    close: () => server.close(),
  }
}
