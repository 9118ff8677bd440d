// Hash history: deep links work under any base path without server rewrites.
import { createRouter, createWebHashHistory } from 'vue-router';
import { currentConnection } from './api/connection.ts';
import LoginView from './views/LoginView.vue';

export const router = createRouter({
  history: createWebHashHistory(),
  routes: [
    { path: '/login', name: 'login', component: LoginView },
    { path: '/', name: 'overview', component: () => import('./views/OverviewView.vue') },
    { path: '/nodes', name: 'nodes', component: () => import('./views/NodesView.vue') },
    { path: '/nodes/:name', name: 'node', component: () => import('./views/NodeView.vue'), props: true },
    { path: '/r/:plural', name: 'list', component: () => import('./views/ResourceListView.vue'), props: true },
    // Cluster-scoped objects have `_` for namespace.
    { path: '/r/:plural/:namespace/:name', name: 'detail', component: () => import('./views/ResourceDetailView.vue'), props: true },
    { path: '/create', name: 'create', component: () => import('./views/CreateView.vue') },
    { path: '/join', name: 'join', component: () => import('./views/JoinView.vue') },
    { path: '/settings', name: 'settings', component: () => import('./views/SettingsView.vue') },
    { path: '/:rest(.*)*', redirect: '/' },
  ],
});

router.beforeEach((to) => {
  const connection = currentConnection();
  if (!connection && to.name !== 'login') return { name: 'login' };
  // The desktop app is given its token and never logs in.
  if (connection?.embedded && to.name === 'login') return { name: 'overview' };
  return true;
});
