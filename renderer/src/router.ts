// Hash history: deep links work under any base path without server rewrites.
import { createRouter, createWebHashHistory } from 'vue-router';
import { currentConnection } from './api/connection.ts';
import LoginView from './views/LoginView.vue';
import SummaryView from './views/SummaryView.vue';

export const router = createRouter({
  history: createWebHashHistory(),
  routes: [
    { path: '/', name: 'summary', component: SummaryView },
    { path: '/login', name: 'login', component: LoginView },
    { path: '/:rest(.*)*', redirect: '/' },
  ],
});

router.beforeEach((to) => {
  const connection = currentConnection();
  if (!connection && to.name !== 'login') return { name: 'login' };
  // The desktop app is given its token and never logs in.
  if (connection?.embedded && to.name === 'login') return { name: 'summary' };
  return true;
});
