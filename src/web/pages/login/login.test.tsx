import { QueryClientProvider } from '@tanstack/react-query';
import { App } from 'antd';
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { MemoryRouter, Route, Routes } from 'react-router';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createQueryClient } from '../../query-client.ts';
import LoginPage from './index.tsx';

// React checks this flag before allowing act() outside its own test renderer.
(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

let container: HTMLDivElement;
let root: Root;

beforeEach(() => {
  container = document.createElement('div');
  document.body.appendChild(container);
  root = createRoot(container);
});

afterEach(() => {
  act(() => root.unmount());
  container.remove();
  vi.unstubAllGlobals();
});

function setInput(input: HTMLInputElement, value: string) {
  // React tracks the value property; go through the native setter so the change event is seen.
  const setter = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!;
  setter.call(input, value);
  input.dispatchEvent(new Event('input', { bubbles: true }));
}

async function waitFor<T>(probe: () => T | null | undefined, timeout = 15000): Promise<T> {
  const start = Date.now();
  for (;;) {
    const v = probe();
    if (v) return v;
    if (Date.now() - start > timeout) throw new Error('timed out');
    await act(() => new Promise((r) => setTimeout(r, 20)));
  }
}

describe('LoginPage', () => {
  it('shows the server’s Chinese refusal word for word', async () => {
    const fetchMock = vi.fn(
      async () =>
        new Response(
          JSON.stringify({
            error: { code: 'UNAUTHENTICATED', message: '用户名或密码错误，还可尝试 4 次', requestId: 'r1' },
          }),
          {
            status: 401,
            headers: { 'content-type': 'application/json' },
          },
        ),
    );
    vi.stubGlobal('fetch', fetchMock);

    await act(async () =>
      root.render(
        <QueryClientProvider client={createQueryClient()}>
          <App>
            <MemoryRouter initialEntries={['/login']}>
              <Routes>
                <Route path="/login" element={<LoginPage />} />
              </Routes>
            </MemoryRouter>
          </App>
        </QueryClientProvider>,
      ),
    );

    const [username, password] = [...container.querySelectorAll('input')] as HTMLInputElement[];
    await act(async () => {
      setInput(username!, 'liucuo');
      setInput(password!, 'wrong-password');
    });
    await act(async () =>
      container
        .querySelector('form')!
        .dispatchEvent(new Event('submit', { bubbles: true, cancelable: true })),
    );

    const alert = await waitFor(() => container.querySelector('[data-testid="login-error"]'));
    expect(alert.textContent).toContain('用户名或密码错误，还可尝试 4 次');
    expect(fetchMock).toHaveBeenCalledWith(
      '/api/auth/login',
      expect.objectContaining({
        method: 'POST',
        body: JSON.stringify({ username: 'liucuo', password: 'wrong-password' }),
      }),
    );
  });
});
