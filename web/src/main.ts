import './app.css';
import { mount } from 'svelte';
import App from './App.svelte';
import { initialLocale, setLocale } from './lib/i18n.svelte';
import { preloadRoute, startRouter } from './lib/router.svelte';
import { forgetFollowedOnReload } from './lib/search';
import { restoreSession } from './lib/session.svelte';

async function start(): Promise<void> {
  const target = document.getElementById('app');
  if (!target) return;
  forgetFollowedOnReload();
  preloadRoute();
  await Promise.all([setLocale(initialLocale(), false), restoreSession()]);
  target.textContent = '';
  mount(App, { target });
  startRouter();
}

void start();
