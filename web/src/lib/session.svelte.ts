// Who is signed in. The access token lives in memory only; the refresh token in sessionStorage,
// or in localStorage when the person ticked "keep me signed in". Sessions refresh silently.
import {
  LogoutDocument,
  RefreshSessionDocument,
  type AuthFieldsFragment,
  type ViewerFragment,
} from '../generated/graphql';
import { clearAllDrafts } from './drafts';
import { ApiError, send } from './transport';

const REFRESH_KEY = 'praxis.refresh';

export const session = $state({ user: null as ViewerFragment | null });

let accessToken: string | null = null;
let refreshTimer: ReturnType<typeof setTimeout> | undefined;
let refreshing: Promise<boolean> | null = null;

function storage(persistent: boolean): Storage | null {
  try {
    return persistent ? localStorage : sessionStorage;
  } catch {
    return null;
  }
}

function storedRefreshToken(): { token: string; persistent: boolean } | null {
  for (const persistent of [false, true]) {
    const token = storage(persistent)?.getItem(REFRESH_KEY);
    if (token) return { token, persistent };
  }
  return null;
}

export function currentAccessToken(): string | null {
  return accessToken;
}

export function hasSession(): boolean {
  return accessToken !== null || storedRefreshToken() !== null;
}

type SessionListener = () => void;
const listeners = new Set<SessionListener>();

/** Called when the tokens change (the live-update socket reconnects with the new ones). */
export function onTokensChanged(listener: SessionListener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function startSession(payload: AuthFieldsFragment, persistent: boolean): void {
  accessToken = payload.accessToken;
  storage(!persistent)?.removeItem(REFRESH_KEY);
  storage(persistent)?.setItem(REFRESH_KEY, payload.refreshToken);
  // The auth payload may omit private fields; keep those we already know.
  const previous = session.user;
  session.user = {
    ...payload.user,
    email: payload.user.email ?? (previous?.id === payload.user.id ? previous.email : null),
  };
  scheduleRefresh(payload.accessTokenExpiresAt);
  listeners.forEach((listener) => listener());
}

function scheduleRefresh(expiresAt: string): void {
  clearTimeout(refreshTimer);
  // A minute early, so a request never carries a token about to lapse.
  const delay = Math.max(5_000, new Date(expiresAt).getTime() - Date.now() - 60_000);
  refreshTimer = setTimeout(refreshOnTimer, delay);
}

function refreshOnTimer(): void {
  // Offline when the token is due: try again shortly; requests meanwhile refresh on demand.
  refreshSession().catch(() => {
    refreshTimer = setTimeout(refreshOnTimer, 30_000);
  });
}

function forgetTokens(): void {
  clearTimeout(refreshTimer);
  accessToken = null;
  storage(false)?.removeItem(REFRESH_KEY);
  storage(true)?.removeItem(REFRESH_KEY);
  session.user = null;
  listeners.forEach((listener) => listener());
}

/**
 * Exchanges the refresh token for a new pair. Concurrent callers share one exchange. Returns
 * false when the session is over (the person must sign in again); network trouble throws.
 */
export function refreshSession(): Promise<boolean> {
  refreshing ??= (async () => {
    const stored = storedRefreshToken();
    if (!stored) {
      if (accessToken) forgetTokens();
      return false;
    }
    try {
      const data = await send(RefreshSessionDocument, { refreshToken: stored.token }, null);
      startSession(data.refreshSession, stored.persistent);
      return true;
    } catch (error) {
      if (error instanceof ApiError && error.code === 'NETWORK') throw error;
      // Another tab may have rotated the shared token meanwhile: use the new one if so.
      const now = storedRefreshToken();
      if (now && now.token !== stored.token) {
        refreshing = null;
        return refreshSession();
      }
      forgetTokens();
      return false;
    } finally {
      refreshing = null;
    }
  })();
  return refreshing;
}

/** On start: a stored refresh token becomes a session without asking for the password. */
export async function restoreSession(): Promise<void> {
  try {
    if (storedRefreshToken()) await refreshSession();
  } catch {
    // Offline at start: try again as soon as the browser is back online.
    window.addEventListener('online', () => void restoreSession(), { once: true });
  }
}

/** A real sign-out: the server ends the session, and every token and draft here is cleared. */
export async function signOut(): Promise<void> {
  const token = accessToken;
  forgetTokens();
  clearAllDrafts();
  if (token) {
    try {
      await send(LogoutDocument, {}, token);
    } catch {
      // The tokens are gone from this device either way; the server's expire soon.
    }
  }
}

export function updateViewer(user: ViewerFragment): void {
  session.user = user;
}
