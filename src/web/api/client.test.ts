import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError, api, setCsrfToken, withQuery } from './client.ts';
import { classifyError } from '../error-policy.ts';

afterEach(() => {
  vi.unstubAllGlobals();
  setCsrfToken(null);
});

describe('api client', () => {
  it('sends the CSRF token on POST but not on GET', async () => {
    const fetchMock = vi.fn(
      async () =>
        new Response('{"ok":true}', { status: 200, headers: { 'content-type': 'application/json' } }),
    );
    vi.stubGlobal('fetch', fetchMock);
    setCsrfToken('tok');
    await api.post('/api/auth/logout');
    await api.get('/api/units', { kind: 'town', parentCode: undefined });
    const calls = fetchMock.mock.calls as unknown as [string, RequestInit][];
    expect((calls[0]![1].headers as Record<string, string>)['x-csrf-token']).toBe('tok');
    expect(calls[1]![0]).toBe('/api/units?kind=town');
    expect((calls[1]![1].headers as Record<string, string>)['x-csrf-token']).toBeUndefined();
  });

  it('turns an error body into an ApiError with the server’s code, message and details', async () => {
    const body = {
      error: {
        code: 'VALIDATION',
        message: '密码至少 10 位',
        details: [{ path: 'newPassword', message: '密码至少 10 位' }],
        requestId: 'r',
      },
    };
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => new Response(JSON.stringify(body), { status: 400 })),
    );
    const e = await api.post('/api/auth/password', {}).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ApiError);
    expect(e).toMatchObject({ code: 'VALIDATION', message: '密码至少 10 位', status: 400, requestId: 'r' });
  });

  it('reports a network failure in Chinese', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => Promise.reject(new TypeError('Failed to fetch'))),
    );
    await expect(api.get('/api/health')).rejects.toMatchObject({
      code: 'NETWORK',
      message: '无法连接服务器，请检查网络后重试',
    });
  });

  it('leaves out empty query parameters', () => {
    expect(withQuery('/a', { x: '', y: null, z: 0 })).toBe('/a?z=0');
  });
});

describe('classifyError', () => {
  it('follows the one display policy', () => {
    expect(
      classifyError(new ApiError({ status: 401, code: 'UNAUTHENTICATED', message: '请先登录' })).kind,
    ).toBe('login');
    expect(
      classifyError(
        new ApiError({ status: 403, code: 'PASSWORD_CHANGE_REQUIRED', message: '请先修改初始密码' }),
      ).kind,
    ).toBe('change-password');
    expect(
      classifyError(
        new ApiError({ status: 409, code: 'VERSION_CONFLICT', message: '该记录已被他人修改，请刷新后再试' }),
      ).kind,
    ).toBe('reload');
    expect(
      classifyError(new ApiError({ status: 403, code: 'FORBIDDEN', message: '无权进行此操作' })),
    ).toEqual({ kind: 'toast', message: '无权进行此操作' });
    expect(classifyError(new Error('boom at x.js:1'))).toEqual({
      kind: 'toast',
      message: '操作失败，请稍后重试',
    });
  });
});
