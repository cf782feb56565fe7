import { ERROR_MESSAGES, type ErrorCode } from '../../api/errors.ts';

/** A failed request, carrying the server's error code and its Chinese message (shown to users as is). */
export class ApiError extends Error {
  readonly status: number;
  readonly code: ErrorCode | 'NETWORK';
  readonly details: { path: string; message: string }[];
  readonly requestId: string | null;

  constructor(init: {
    status: number;
    code: ErrorCode | 'NETWORK';
    message: string;
    details?: { path: string; message: string }[];
    requestId?: string | null;
  }) {
    super(init.message);
    this.name = 'ApiError';
    this.status = init.status;
    this.code = init.code;
    this.details = init.details ?? [];
    this.requestId = init.requestId ?? null;
  }
}

export function isApiError(e: unknown): e is ApiError {
  return e instanceof ApiError;
}

// The CSRF token of the current session, from the login and /me responses. The session cookie itself is
// HttpOnly and never visible here.
let csrfToken: string | null = null;

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

export type QueryValue = string | number | boolean | null | undefined;

/** `/api/x` + only the parameters that carry a value. */
export function withQuery(path: string, query?: Record<string, QueryValue>): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined || v === null || v === '') continue;
    params.set(k, String(v));
  }
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

const NETWORK_MESSAGE = '无法连接服务器，请检查网络后重试';

async function toApiError(res: Response): Promise<ApiError> {
  let body: unknown = null;
  try {
    body = await res.json();
  } catch {
    // not JSON: a proxy page or an empty body — fall back to the default message for the status
  }
  const err = (
    body as {
      error?: {
        code?: string;
        message?: string;
        details?: { path: string; message: string }[];
        requestId?: string;
      };
    } | null
  )?.error;
  if (err?.code && err.message) {
    return new ApiError({
      status: res.status,
      code: err.code as ErrorCode,
      message: err.message,
      details: err.details ?? [],
      requestId: err.requestId ?? null,
    });
  }
  const code: ErrorCode =
    res.status === 401
      ? 'UNAUTHENTICATED'
      : res.status === 403
        ? 'FORBIDDEN'
        : res.status === 404
          ? 'NOT_FOUND'
          : res.status === 429
            ? 'RATE_LIMITED'
            : res.status === 413
              ? 'PAYLOAD_TOO_LARGE'
              : 'INTERNAL';
  return new ApiError({ status: res.status, code, message: ERROR_MESSAGES[code] });
}

/** One request to the API. Non-GET requests carry the CSRF token; every failure becomes an ApiError. */
export async function request<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (method !== 'GET') {
    headers['content-type'] = 'application/json';
    if (csrfToken) headers['x-csrf-token'] = csrfToken;
  }
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      ...(method !== 'GET' ? { body: JSON.stringify(body ?? {}) } : {}),
    });
  } catch {
    throw new ApiError({ status: 0, code: 'NETWORK', message: NETWORK_MESSAGE });
  }
  if (!res.ok) throw await toApiError(res);
  if (res.status === 204) return undefined as T;
  return (await res.json()) as T;
}

export const api = {
  get: <T>(path: string, query?: Record<string, QueryValue>) => request<T>('GET', withQuery(path, query)),
  post: <T>(path: string, body?: unknown) => request<T>('POST', path, body),
};
