import { QueryClientProvider } from '@tanstack/react-query';
import { App as AntApp, Button, ConfigProvider, Result, Spin } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { Suspense, useEffect, useState, type ReactNode } from 'react';
import { Navigate, Route, Routes, useLocation } from 'react-router';
import { useMe } from './api/hooks.ts';
import { landingPath, routeBlock } from './access.ts';
import { routes, type RouteConfig } from './config/routes.ts';
import { useShowError } from './error-policy.ts';
import { BasicLayout } from './layouts/BasicLayout.tsx';
import { createQueryClient, setErrorSink } from './query-client.ts';

dayjs.locale('zh-cn');

export const APP_TITLE = '就业 · 充分就业村（社区）创建平台';

/** Providers: antd in Chinese, the query cache, the error display policy. */
export function AppRoot() {
  const [client] = useState(createQueryClient);
  return (
    <ConfigProvider locale={zhCN} theme={{ token: { colorPrimary: '#1677ff', borderRadius: 6 } }}>
      <AntApp>
        <QueryClientProvider client={client}>
          <ErrorBridge />
          <AppRoutes />
        </QueryClientProvider>
      </AntApp>
    </ConfigProvider>
  );
}

function ErrorBridge() {
  const show = useShowError();
  useEffect(() => setErrorSink(show), [show]);
  return null;
}

export function PageLoading() {
  return (
    <div style={{ padding: 48, textAlign: 'center' }}>
      <Spin description="加载中…" />
    </div>
  );
}

/** Sets the document title to the page name, and applies the access rules to one route. */
function Guarded({ route, children }: { route: RouteConfig; children: ReactNode }) {
  const me = useMe().data ?? null;
  const location = useLocation();
  useEffect(() => {
    document.title = `${route.name} - ${APP_TITLE}`;
  }, [route.name]);
  if (route.path === '/login' && me && !me.mfaPending) return <Navigate to={landingPath(me)} replace />;
  const block = routeBlock(me, route);
  if (block === '/login')
    return <Navigate to="/login" replace state={{ from: location.pathname + location.search }} />;
  if (block === '/password') return <Navigate to="/password" replace />;
  if (block === '/mfa') return <Navigate to="/mfa" replace />;
  if (block === 'forbidden')
    return (
      <Result status="403" title="无权访问" subTitle="您的角色不能使用此页面。如需开通，请联系安全管理员。" />
    );
  return <Suspense fallback={<PageLoading />}>{children}</Suspense>;
}

function AppRoutes() {
  const me = useMe();
  if (me.isPending) return <PageLoading />;
  if (me.isError) {
    return (
      <Result
        status="error"
        title="无法连接服务器"
        subTitle={me.error.message}
        extra={
          <Button type="primary" onClick={() => void me.refetch()}>
            重试
          </Button>
        }
      />
    );
  }
  const bare = routes.filter((r) => r.layout === false);
  const framed = routes.filter((r) => r.layout !== false);
  return (
    <Routes>
      {bare.map((r) => (
        <Route
          key={r.path}
          path={r.path}
          element={
            <Guarded route={r}>
              <r.component />
            </Guarded>
          }
        />
      ))}
      <Route element={<BasicLayout />}>
        {framed.map((r) => (
          <Route
            key={r.path}
            path={r.path}
            element={
              <Guarded route={r}>
                <r.component />
              </Guarded>
            }
          />
        ))}
        <Route path="*" element={<NotFound />} />
      </Route>
    </Routes>
  );
}

function NotFound() {
  return (
    <Result
      status="404"
      title="页面不存在"
      subTitle="您访问的页面不存在，请从左侧菜单进入。"
      extra={<Button href="/">返回首页</Button>}
    />
  );
}
