import { createApp } from 'vue'
import App from './app/App.vue'
import { deskRouter } from './app/router.ts'
import { startDesk } from './session/desk-state.ts'
import './style.css'

/** The service worker precaches the app so it starts with the site down after one visit. */
function registerServiceWorker(): void {
  if (import.meta.env.DEV || !('serviceWorker' in navigator)) return
  navigator.serviceWorker.register('/sw.js').catch((e: unknown) => console.warn('Outpost Desk: no service worker', e))
}

registerServiceWorker()
createApp(App).use(deskRouter()).mount('#app')
void startDesk()
