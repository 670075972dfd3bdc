// The app's GraphQL client: a silent session refresh and one retry on UNAUTHENTICATED, and for
// queries, retries with backoff on network errors while a notice says so.
import type { TypedDocumentString } from '../generated/graphql';
import { currentAccessToken, hasSession, refreshSession } from './session.svelte';
import { ApiError, operationKind, send, sendFile } from './transport';

export { ApiError } from './transport';

const BACKOFF_MS = [1_000, 2_000, 4_000, 8_000, 15_000];

/** How many requests are waiting to retry: the layout shows a notice while any are. */
export const network = $state({ waiting: 0 });

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function withSession<R, V>(document: TypedDocumentString<R, V>, variables: V, signal?: AbortSignal): Promise<R> {
  try {
    return await send(document, variables, currentAccessToken(), signal);
  } catch (error) {
    if (!(error instanceof ApiError) || error.code !== 'UNAUTHENTICATED' || !hasSession()) throw error;
    if (!(await refreshSession())) throw new ApiError('SESSION_EXPIRED');
    return send(document, variables, currentAccessToken(), signal);
  }
}

/**
 * Runs an operation. Queries are retried when the network fails; mutations are not, since the
 * first attempt may have reached the server (the text stays in its local draft instead).
 * An aborted `signal` cancels the request (and its retries) with the abort's own error.
 */
export async function request<R, V>(
  document: TypedDocumentString<R, V>,
  variables: V,
  options: { signal?: AbortSignal } = {},
): Promise<R> {
  const { signal } = options;
  const retries = operationKind(document.toString()) === 'query' ? BACKOFF_MS : [];
  let waiting = false;
  try {
    for (let attempt = 0; ; attempt++) {
      try {
        return await withSession(document, variables, signal);
      } catch (error) {
        if (signal?.aborted) throw error;
        if (!(error instanceof ApiError)) throw new ApiError('INTERNAL');
        if (error.code !== 'NETWORK' || attempt >= retries.length) throw error;
        if (!waiting) network.waiting++;
        waiting = true;
        await sleep(retries[attempt]);
        signal?.throwIfAborted();
      }
    }
  } finally {
    if (waiting) network.waiting--;
  }
}

/** Uploads a file with an operation (not retried: the first attempt may have arrived). */
export async function upload<R, V>(
  document: TypedDocumentString<R, V>,
  variables: V,
  fileVariable: string,
  file: File,
): Promise<R> {
  try {
    return await sendFile(document, variables, fileVariable, file, currentAccessToken());
  } catch (error) {
    if (!(error instanceof ApiError)) throw new ApiError('INTERNAL');
    if (error.code !== 'UNAUTHENTICATED' || !hasSession()) throw error;
    if (!(await refreshSession())) throw new ApiError('SESSION_EXPIRED');
    return sendFile(document, variables, fileVariable, file, currentAccessToken());
  }
}

/**
 * Fetches a file the server serves to signed-in readers (attachments, exports) with the
 * session's token, and hands it to the browser as a download. Returns false if it failed.
 */
export async function downloadWithSession(url: string, filename: string): Promise<boolean> {
  const get = () =>
    fetch(url, {
      headers: currentAccessToken() ? { authorization: `Bearer ${currentAccessToken()}` } : {},
      credentials: 'same-origin',
    });
  try {
    let response = await get();
    if (response.status === 401 && hasSession() && (await refreshSession())) response = await get();
    if (!response.ok) return false;
    const blob = await response.blob();
    const href = URL.createObjectURL(blob);
    const link = document.createElement('a');
    link.href = href;
    link.download = filename;
    link.hidden = true;
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(href), 60_000);
    return true;
  } catch {
    return false;
  }
}
