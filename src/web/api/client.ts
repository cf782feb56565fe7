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

/** The file name a download names in its Content-Disposition (the UTF-8 form when present). */
export function attachmentName(header: string | null, fallback: string): string {
  if (!header) return fallback;
  const utf8 = /filename\*=UTF-8''([^;]+)/i.exec(header);
  if (utf8?.[1]) {
    try {
      return decodeURIComponent(utf8[1]);
    } catch {
      // malformed escape: fall through to the plain name
    }
  }
  return /filename="([^"]+)"/i.exec(header)?.[1] ?? fallback;
}

/**
 * Fetches a file and hands it to the browser as a download. Failures (a refused export, an expired session)
 * become ApiErrors like any other request, instead of a page of JSON.
 */
export async function download(
  path: string,
  query: Record<string, QueryValue>,
  fallbackName: string,
): Promise<string> {
  let res: Response;
  try {
    res = await fetch(withQuery(path, query), { credentials: 'same-origin' });
  } catch {
    throw new ApiError({ status: 0, code: 'NETWORK', message: NETWORK_MESSAGE });
  }
  if (!res.ok) throw await toApiError(res);
  const name = attachmentName(res.headers.get('content-disposition'), fallbackName);
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  return name;
}

/**
 * Uploads one file as the multipart field `file`, reporting upload progress (0–100). XMLHttpRequest, because
 * fetch cannot report how much of a request body has been sent.
 */
export function upload<T>(path: string, file: File, onProgress: (percent: number) => void): Promise<T> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', path);
    xhr.withCredentials = true;
    xhr.setRequestHeader('accept', 'application/json');
    if (csrfToken) xhr.setRequestHeader('x-csrf-token', csrfToken);
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress(Math.round((e.loaded / e.total) * 100));
    };
    xhr.onerror = () => reject(new ApiError({ status: 0, code: 'NETWORK', message: NETWORK_MESSAGE }));
    xhr.onload = () => {
      const res = new Response(xhr.status === 204 ? null : xhr.responseText, {
        status: xhr.status,
        headers: { 'content-type': xhr.getResponseHeader('content-type') ?? 'application/json' },
      });
      if (xhr.status >= 200 && xhr.status < 300) {
        onProgress(100);
        res.json().then((b) => resolve(b as T), reject);
      } else {
        toApiError(res).then(reject, reject);
      }
    };
    const body = new FormData();
    body.append('file', file, file.name);
    xhr.send(body);
  });
}
