export const USAGE = `Usage: outpost <command> [options]

outpost serve            the reference server
  --port N               port to listen on (default 8000)
  --host HOST            address to bind (default 127.0.0.1)
  --db PATH|URL          SQLite file (default ./outpost-site/site.db), or postgres://user:pw@host/db
  --doctypes DIR         load every DocType JSON under DIR (repeatable)
  --demo                 the demo company: DocTypes, controllers, users and data
  --demo-size SIZE       small | medium | large (default small)
  --admin-password PW    Administrator's password (default "admin" on a new site)
  --desk DIR             the web app to serve at / (default: the built apps/desk/dist)
  --no-desk              serve the API only
  Env OUTPOST_ADMIN_API_KEY and OUTPOST_ADMIN_API_SECRET give Administrator that API token.

outpost mirror           copy a Frappe site into a local SQLite replica
  --url URL              the site (stock Frappe / ERPNext or outpost serve)
  --token KEY:SECRET     API token (or --username and --password)
  --out PATH             the replica's SQLite file (default ./outpost-mirror.db)
  --doctype NAME         a DocType to mirror (repeatable; child tables and linked masters follow)
  --protocol P           frappe (stock REST, the default) or outpost (the Outpost sync protocol,
                         which outpost serve speaks: change-log pulls, batch pushes)
  --watch                keep syncing until interrupted
  --interval SECONDS     seconds between syncs with --watch (default 10)`

export class UsageError extends Error {}

export function fail(message: string): never {
  throw new UsageError(message)
}
