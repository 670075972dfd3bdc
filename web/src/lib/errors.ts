// Every failure becomes one sentence in the viewer's language that says what happened and what
// to do. Server messages are English and meant for developers, so they are never shown.
import { ApiError } from './transport';
import { i18n, t, type MessageKey } from './i18n.svelte';

const BY_CODE: Record<ApiError['code'], MessageKey> = {
  UNAUTHENTICATED: 'error.unauthenticated',
  SESSION_EXPIRED: 'error.sessionExpired',
  FORBIDDEN: 'error.forbidden',
  NOT_FOUND: 'error.notFound',
  BAD_USER_INPUT: 'error.badInput',
  CONFLICT: 'error.conflict',
  RATE_LIMITED: 'error.rateLimited',
  INTERNAL: 'error.internal',
  NETWORK: 'error.network',
};

export function asApiError(error: unknown): ApiError {
  return error instanceof ApiError ? error : new ApiError('INTERNAL');
}

/** The sentence for an error; input errors name the field's own advice when we have it. */
export function errorMessage(error: unknown): string {
  const e = asApiError(error);
  if (e.field && (e.code === 'BAD_USER_INPUT' || e.code === 'CONFLICT')) {
    const key = `error.${e.code === 'CONFLICT' ? 'conflict' : 'field'}.${e.field}`;
    if (key in i18n.messages) return t(key as MessageKey);
  }
  return t(BY_CODE[e.code]);
}

export function signInHref(): string {
  const here = window.location.pathname + window.location.search;
  return here.startsWith('/sign-') ? '/sign-in' : `/sign-in?next=${encodeURIComponent(here)}`;
}
