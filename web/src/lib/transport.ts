// One GraphQL request over fetch, and the one error type the app shows to people.
import type { TypedDocumentString } from '../generated/graphql';

export type ErrorCode =
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'BAD_USER_INPUT'
  | 'CONFLICT'
  | 'RATE_LIMITED'
  | 'INTERNAL'
  | 'NETWORK'
  | 'SESSION_EXPIRED';

const KNOWN_CODES: readonly string[] = [
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'BAD_USER_INPUT',
  'CONFLICT',
  'RATE_LIMITED',
  'INTERNAL',
];

/** What went wrong, as a code the interface turns into a sentence; never shown raw. */
export class ApiError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly field?: string,
    /** The server's own words (English), for the few places that show them: search syntax. */
    readonly detail?: string,
  ) {
    super(code);
    this.name = 'ApiError';
  }
}

interface GraphQLErrorShape {
  message?: unknown;
  extensions?: { code?: unknown; field?: unknown };
}

interface GraphQLResponse<T> {
  data?: T | null;
  errors?: GraphQLErrorShape[];
}

export function errorFromResponse(errors: GraphQLErrorShape[]): ApiError {
  const first = errors[0] ?? {};
  const code = first.extensions?.code;
  const field = first.extensions?.field;
  return new ApiError(
    typeof code === 'string' && KNOWN_CODES.includes(code) ? (code as ErrorCode) : 'INTERNAL',
    typeof field === 'string' ? field : undefined,
    typeof first.message === 'string' ? first.message : undefined,
  );
}

function errorFromStatus(status: number): ApiError {
  if (status === 429) return new ApiError('RATE_LIMITED');
  if (status === 413) return new ApiError('BAD_USER_INPUT', 'body');
  if (status === 401) return new ApiError('UNAUTHENTICATED');
  if (status === 403) return new ApiError('FORBIDDEN');
  if (status >= 502 && status <= 504) return new ApiError('NETWORK');
  return new ApiError('INTERNAL');
}

export function operationKind(query: string): 'query' | 'mutation' | 'subscription' {
  const match = /^\s*(?:#[^\n]*\n\s*)*(query|mutation|subscription)\b/.exec(query);
  return (match?.[1] as 'query' | 'mutation' | 'subscription' | undefined) ?? 'query';
}

/** Sends one operation; throws ApiError for GraphQL errors, bad statuses and unreachable servers. */
export async function send<R, V>(
  document: TypedDocumentString<R, V>,
  variables: V,
  accessToken: string | null,
  signal?: AbortSignal,
): Promise<R> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (accessToken) headers.authorization = `Bearer ${accessToken}`;
  let response: Response;
  try {
    response = await fetch('/graphql', {
      method: 'POST',
      headers,
      body: JSON.stringify({ query: document.toString(), variables }),
      credentials: 'same-origin',
      signal,
    });
  } catch (error) {
    // A cancelled request is not a network failure: the caller asked for it and ignores it.
    if (signal?.aborted) throw error;
    throw new ApiError('NETWORK');
  }
  return readResponse<R>(response);
}

async function readResponse<R>(response: Response): Promise<R> {
  let payload: GraphQLResponse<R>;
  try {
    payload = (await response.json()) as GraphQLResponse<R>;
  } catch {
    throw errorFromStatus(response.ok ? 500 : response.status);
  }
  if (payload.errors?.length) throw errorFromResponse(payload.errors);
  if (!response.ok || payload.data == null) throw errorFromStatus(response.status);
  return payload.data;
}

/**
 * Sends one operation with a file, as a GraphQL multipart request: the file goes in the
 * variable named `fileVariable`. The server wants the bearer token on these (no cookies).
 */
export async function sendFile<R, V>(
  document: TypedDocumentString<R, V>,
  variables: V,
  fileVariable: string,
  file: File,
  accessToken: string | null,
): Promise<R> {
  const form = new FormData();
  form.append('operations', JSON.stringify({ query: document.toString(), variables: { ...variables, [fileVariable]: null } }));
  form.append('map', JSON.stringify({ 0: [`variables.${fileVariable}`] }));
  form.append('0', file, file.name);
  const headers: Record<string, string> = {};
  if (accessToken) headers.authorization = `Bearer ${accessToken}`;
  let response: Response;
  try {
    response = await fetch('/graphql', { method: 'POST', headers, body: form, credentials: 'same-origin' });
  } catch {
    throw new ApiError('NETWORK');
  }
  if (response.status === 413) throw new ApiError('BAD_USER_INPUT', 'file');
  return readResponse<R>(response);
}
