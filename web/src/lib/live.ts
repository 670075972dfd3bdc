// Live updates of one thread over graphql-ws. Loaded only by the thread page; the socket
// reconnects by itself and again whenever the session's tokens change.
import { createClient, type Client } from 'graphql-ws';
import { ThreadActivityDocument, type PostFieldsFragment } from '../generated/graphql';
import { currentAccessToken, onTokensChanged } from './session.svelte';

export type LiveStatus = 'connecting' | 'live' | 'reconnecting';

function socketUrl(): string {
  const { protocol, host } = window.location;
  return `${protocol === 'https:' ? 'wss' : 'ws'}://${host}/graphql/ws`;
}

export function watchThread(
  threadId: string,
  onPost: (post: PostFieldsFragment) => void,
  onStatus: (status: LiveStatus) => void,
): () => void {
  let client: Client;
  let unsubscribe = () => {};

  const start = () => {
    client = createClient({
      url: socketUrl(),
      lazy: true,
      retryAttempts: Number.POSITIVE_INFINITY,
      shouldRetry: () => true,
      retryWait: async (retries) => {
        await new Promise((resolve) => setTimeout(resolve, Math.min(30_000, 1_000 * 2 ** retries)));
      },
      connectionParams: () => {
        const token = currentAccessToken();
        return token ? { authorization: `Bearer ${token}` } : {};
      },
    });
    client.on('connected', () => onStatus('live'));
    client.on('closed', () => onStatus('reconnecting'));
    unsubscribe = client.subscribe<{ threadActivity: PostFieldsFragment }>(
      { query: ThreadActivityDocument.toString(), variables: { threadId } },
      {
        next: (result) => {
          if (result.data) onPost(result.data.threadActivity);
        },
        error: () => onStatus('reconnecting'),
        complete: () => {},
      },
    );
  };

  const stop = () => {
    unsubscribe();
    void client.dispose();
  };

  start();
  const stopListening = onTokensChanged(() => {
    stop();
    start();
  });
  return () => {
    stopListening();
    stop();
  };
}
