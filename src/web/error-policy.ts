import { App } from 'antd';
import { useCallback } from 'react';
import { useNavigate } from 'react-router';
import { useQueryClient } from '@tanstack/react-query';
import { isApiError } from './api/client.ts';
import { keys } from './api/hooks.ts';

/**
 * The one client error display policy (cf. ant-design-pro `requestErrorConfig.ts`):
 * - 401 UNAUTHENTICATED → forget the session and go to the login page;
 * - 403 PASSWORD_CHANGE_REQUIRED → go to the change-password page;
 * - 409 VERSION_CONFLICT → the server's message plus “reload”;
 * - everything else → the server's Chinese message, as is, in a toast. Never a stack trace.
 */
export type ErrorAction =
  | { kind: 'login'; message: string }
  | { kind: 'change-password'; message: string }
  | { kind: 'enrol-mfa'; message: string }
  | { kind: 'reload'; message: string }
  | { kind: 'toast'; message: string };

const FALLBACK = '操作失败，请稍后重试';

/** Pure: what to do about an error. */
export function classifyError(e: unknown): ErrorAction {
  if (!isApiError(e)) return { kind: 'toast', message: FALLBACK };
  switch (e.code) {
    case 'UNAUTHENTICATED':
      return { kind: 'login', message: e.message || '登录已失效，请重新登录' };
    case 'PASSWORD_CHANGE_REQUIRED':
      return { kind: 'change-password', message: e.message };
    case 'MFA_REQUIRED':
      return { kind: 'login', message: e.message };
    case 'MFA_ENROLMENT_REQUIRED':
      return { kind: 'enrol-mfa', message: e.message };
    case 'VERSION_CONFLICT':
      return { kind: 'reload', message: e.message };
    default:
      return { kind: 'toast', message: e.message || FALLBACK };
  }
}

/** Returns the function every page uses to show an error. */
export function useShowError(): (e: unknown) => void {
  const { message, modal } = App.useApp();
  const navigate = useNavigate();
  const qc = useQueryClient();
  return useCallback(
    (e: unknown) => {
      const action = classifyError(e);
      switch (action.kind) {
        case 'login':
          qc.setQueryData(keys.me, null);
          void message.warning({ content: action.message, key: 'session' });
          navigate('/login', { replace: true });
          return;
        case 'change-password':
          void qc.invalidateQueries({ queryKey: keys.me });
          void message.warning({ content: action.message, key: 'password' });
          navigate('/password', { replace: true });
          return;
        case 'enrol-mfa':
          void qc.invalidateQueries({ queryKey: keys.me });
          void message.warning({ content: action.message, key: 'mfa' });
          navigate('/mfa', { replace: true });
          return;
        case 'reload':
          modal.warning({
            title: '数据已被修改',
            content: `${action.message}。点击“重新加载”获取最新数据后再操作。`,
            okText: '重新加载',
            onOk: () => qc.invalidateQueries(),
          });
          return;
        default:
          void message.error({ content: action.message, key: action.message });
      }
    },
    [message, modal, navigate, qc],
  );
}
