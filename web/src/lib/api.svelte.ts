// The app's GraphQL client: a silent session refresh and one retry on UNAUTHENTICATED, and for
// queries, retries with backoff on network errors while a notice says so.
import type { TypedDocumentString } from '../generated/graphql';
import { currentAccessToken, hasSession, refreshSession } from './session.svelte';
import { ApiError, operationKind, send } from './transport';

export { ApiError } from './transport';

const BACKOFF_MS = [1_000, 2_000, 4_000, 8_000, 15_000];

/** How many requests are waiting to retry: the layout shows a notice while any are. */
export const network = $state({ waiting: 0 });

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function withSession<R, V>(document: TypedDocumentString<R, V>, variables: V): Promise<R> {
  try {
    return await send(document, variables, currentAccessToken());
  } catch (error) {
    if (!(error instanceof ApiError) || error.code !== 'UNAUTHENTICATED' || !hasSession()) throw error;
    if (!(await refreshSession())) throw new ApiError('SESSION_EXPIRED');
    return send(document, variables, currentAccessToken());
  }
}

/**
 * Runs an operation. Queries are retried when the network fails; mutations are not, since the
 * first attempt may have reached the server (the text stays in its local draft instead).
 */
export async function request<R, V>(document: TypedDocumentString<R, V>, variables: V): Promise<R> {
  const retries = operationKind(document.toString()) === 'query' ? BACKOFF_MS : [];
  let waiting = false;
  try {
    for (let attempt = 0; ; attempt++) {
      try {
        return await withSession(document, variables);
      } catch (error) {
        if (!(error instanceof ApiError)) throw new ApiError('INTERNAL');
        if (error.code !== 'NETWORK' || attempt >= retries.length) throw error;
        if (!waiting) network.waiting++;
        waiting = true;
        await sleep(retries[attempt]);
      }
    }
  } finally {
    if (waiting) network.waiting--;
  }
}
