// A small history router: each route's page is its own chunk, loaded when first visited.
import type { Component } from 'svelte';

// Pages take `params` when their path has some; the rest take nothing.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type PageModule = { default: Component<any> };

interface RouteDef {
  name: string;
  pattern: RegExp;
  keys: string[];
  load: () => Promise<PageModule>;
}

function define(name: string, path: string, load: () => Promise<PageModule>): RouteDef {
  const keys: string[] = [];
  const source = path.replace(/:(\w+)/g, (_, key: string) => {
    keys.push(key);
    return '([^/]+)';
  });
  return { name, pattern: new RegExp(`^${source}/?$`), keys, load };
}

const routes: RouteDef[] = [
  define('home', '/', () => import('../routes/Home.svelte')),
  define('spaces', '/spaces', () => import('../routes/Spaces.svelte')),
  define('new-thread', '/spaces/:slug/new', () => import('../routes/NewThread.svelte')),
  define('members', '/spaces/:slug/members', () => import('../routes/Members.svelte')),
  define('space', '/spaces/:slug', () => import('../routes/Space.svelte')),
  define('thread', '/threads/:id', () => import('../routes/Thread.svelte')),
  define('library', '/library', () => import('../routes/Library.svelte')),
  define('new-document', '/library/new', () => import('../routes/DocumentForm.svelte')),
  define('edit-document', '/library/:id/edit', () => import('../routes/DocumentForm.svelte')),
  define('document', '/library/:id', () => import('../routes/Document.svelte')),
  define('search', '/search', () => import('../routes/Search.svelte')),
  define('review', '/review', () => import('../routes/Review.svelte')),
  define('sign-in', '/sign-in', () => import('../routes/SignIn.svelte')),
  define('sign-up', '/sign-up', () => import('../routes/SignUp.svelte')),
  define('profile', '/profile', () => import('../routes/Profile.svelte')),
  define('user', '/users/:id', () => import('../routes/Profile.svelte')),
  define('admin', '/admin', () => import('../routes/Admin.svelte')),
];
const notFound = () => import('../routes/NotFound.svelte');

export const route = $state({
  name: '',
  path: '/',
  query: new URLSearchParams(),
  params: {} as Record<string, string>,
  page: null as PageModule['default'] | null,
  /** Bumped on every navigation, so the layout knows when to move focus. */
  visit: 0,
  loading: false,
  failed: false,
});

let current = 0;

function match(pathname: string): { def: RouteDef | null; params: Record<string, string> } {
  for (const def of routes) {
    const found = def.pattern.exec(pathname);
    if (found) {
      const params: Record<string, string> = {};
      def.keys.forEach((key, i) => (params[key] = decodeURIComponent(found[i + 1])));
      return { def, params };
    }
  }
  return { def: null, params: {} };
}

/**
 * Starts downloading the first page's chunk at once, while the language and the session load,
 * rather than after them (the router asks for the same module later and gets it from the cache).
 */
export function preloadRoute(): void {
  const load = match(window.location.pathname).def?.load ?? notFound;
  load().catch(() => {
    // The router tries again and says so if it still fails.
  });
}

async function resolve(): Promise<void> {
  const visit = ++current;
  const { pathname, search } = window.location;
  const matched = match(pathname);
  route.loading = true;
  try {
    const module = await (matched.def?.load ?? notFound)();
    if (visit !== current) return;
    route.name = matched.def?.name ?? 'not-found';
    route.path = pathname;
    route.query = new URLSearchParams(search);
    route.params = matched.params;
    route.page = module.default;
    route.failed = false;
    route.visit++;
  } catch {
    // The chunk could not be downloaded (offline, or a new release replaced it).
    if (visit === current) route.failed = true;
  } finally {
    if (visit === current) route.loading = false;
  }
}

/** A path within the app, safe to send someone to after signing in. */
export function safeNext(value: string | null): string {
  return value && value.startsWith('/') && !value.startsWith('//') ? value : '/';
}

export function navigate(href: string, options: { replace?: boolean } = {}): void {
  const url = new URL(href, window.location.href);
  if (options.replace) history.replaceState(null, '', url);
  else history.pushState(null, '', url);
  window.scrollTo(0, 0);
  void resolve();
}

/** Same-origin links navigate inside the app; modified clicks and downloads keep their default. */
function onClick(event: MouseEvent): void {
  if (event.defaultPrevented || event.button !== 0) return;
  if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  const anchor = (event.target as Element | null)?.closest?.('a');
  if (!anchor || !anchor.href || anchor.target || anchor.hasAttribute('download')) return;
  const url = new URL(anchor.href);
  if (url.origin !== window.location.origin) return;
  // Files the server answers itself: downloads, exports and feeds.
  if (/^\/(graphql|attachments|export|feeds)(\/|$)/.test(url.pathname)) return;
  event.preventDefault();
  if (url.pathname === window.location.pathname && url.search === window.location.search && url.hash) {
    document.getElementById(url.hash.slice(1))?.focus();
    return;
  }
  navigate(url.pathname + url.search + url.hash);
}

export function startRouter(): void {
  document.addEventListener('click', onClick);
  window.addEventListener('popstate', () => void resolve());
  void resolve();
}

export function retryRoute(): void {
  void resolve();
}
