/** The admin API token the bench server is started with (`OUTPOST_ADMIN_API_KEY` / `_SECRET`). */
export const KEY = 'bench-key'
export const SECRET = 'bench-secret-0123456789'
export const TOKEN = `${KEY}:${SECRET}`
export const SERVER_ENV: Record<string, string> = { OUTPOST_ADMIN_API_KEY: KEY, OUTPOST_ADMIN_API_SECRET: SECRET }
