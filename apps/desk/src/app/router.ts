import { createRouter, createWebHistory, type Router } from 'vue-router'
import ConflictsPage from '../views/ConflictsPage.vue'
import FormPage from '../views/FormPage.vue'
import HomePage from '../views/HomePage.vue'
import ListPage from '../views/ListPage.vue'
import SyncErrorsPage from '../views/SyncErrorsPage.vue'

/** Frappe's desk routes: `/app/<doctype>`, `/app/<doctype>/<name>`, `/app/<doctype>/new`. */
export function deskRouter(): Router {
  return createRouter({
    history: createWebHistory(),
    routes: [
      { path: '/', redirect: '/app' },
      { path: '/app', component: HomePage },
      { path: '/app/sync-errors', component: SyncErrorsPage },
      { path: '/app/conflicts', component: ConflictsPage },
      { path: '/app/:doctype', component: ListPage, props: true },
      { path: '/app/:doctype/new', component: FormPage, props: (r) => ({ doctype: r.params['doctype'], name: undefined }) },
      { path: '/app/:doctype/:name', component: FormPage, props: true },
      { path: '/:rest(.*)*', redirect: '/app' },
    ],
  })
}
