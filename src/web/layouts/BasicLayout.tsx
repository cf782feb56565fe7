import { DownOutlined, KeyOutlined, LogoutOutlined, MenuOutlined, UserOutlined } from '@ant-design/icons';
import {
  App,
  Avatar,
  Button,
  Drawer,
  Dropdown,
  Grid,
  Layout,
  Menu,
  Space,
  Tag,
  Typography,
  type MenuProps,
} from 'antd';
import { createElement, useMemo, useState } from 'react';
import { Navigate, Outlet, matchPath, useLocation, useNavigate } from 'react-router';
import { useLogout, useMe } from '../api/hooks.ts';
import { menuRoutes } from '../access.ts';
import { routes } from '../config/routes.ts';

const { Header, Sider, Content } = Layout;
const TITLE = '就业 · 充分就业村（社区）创建平台';

/** The menu entry a location belongs to: the route itself, or its parent for pages hidden from the menu. */
function selectedKey(pathname: string): string | undefined {
  const hit = routes.find((r) => r.path !== '/login' && matchPath({ path: r.path, end: true }, pathname));
  if (!hit) return undefined;
  return hit.hideInMenu ? hit.parentPath : hit.path;
}

/**
 * Header with the user's name, role and unit; a side menu built from the route table filtered by access.
 * Below the md breakpoint (768 px) the menu moves into a drawer behind a hamburger button.
 */
export function BasicLayout() {
  const me = useMe().data ?? null;
  const screens = Grid.useBreakpoint();
  // Before the first measurement all breakpoints are undefined: assume a phone, the narrower case.
  const mobile = !screens.md;
  const [drawerOpen, setDrawerOpen] = useState(false);
  const location = useLocation();
  const navigate = useNavigate();
  const logout = useLogout();
  const { message } = App.useApp();

  const items = useMemo<MenuProps['items']>(
    () =>
      menuRoutes(me, routes).map((r) => ({
        key: r.path,
        icon: r.icon ? createElement(r.icon) : null,
        label: r.name,
      })),
    [me],
  );

  if (!me) return <Navigate to="/login" replace state={{ from: location.pathname }} />;

  const selected = selectedKey(location.pathname);
  const onMenu: MenuProps['onClick'] = ({ key }) => {
    setDrawerOpen(false);
    navigate(key);
  };
  const doLogout = () =>
    logout.mutate(undefined, {
      onSettled: () => {
        void message.success('已退出登录');
        navigate('/login', { replace: true });
      },
    });

  const { user } = me;
  const userMenu: MenuProps['items'] = [
    ...(mobile
      ? [
          {
            key: 'who',
            disabled: true,
            label: (
              <div style={{ maxWidth: 240, whiteSpace: 'normal', color: 'rgba(0,0,0,0.88)' }}>
                <div style={{ fontWeight: 600 }}>{user.displayName}</div>
                <div>{user.roleLabel ?? '未分配角色'}</div>
                {user.unitName && <div>{user.unitName}</div>}
              </div>
            ),
          },
          { type: 'divider' as const },
        ]
      : []),
    { key: 'password', icon: <KeyOutlined />, label: '修改密码', onClick: () => navigate('/password') },
    { key: 'logout', icon: <LogoutOutlined />, label: '退出登录', danger: true, onClick: doLogout },
  ];

  const menu = (
    <Menu
      mode="inline"
      selectedKeys={selected ? [selected] : []}
      items={items}
      onClick={onMenu}
      style={{ borderInlineEnd: 0 }}
    />
  );

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Header
        style={{
          position: 'sticky',
          top: 0,
          zIndex: 10,
          display: 'flex',
          alignItems: 'center',
          gap: 12,
          padding: mobile ? '0 12px' : '0 24px',
          background: '#fff',
          borderBottom: '1px solid #f0f0f0',
          height: 56,
          lineHeight: '56px',
        }}
      >
        {mobile && (items?.length ?? 0) > 0 && (
          <Button
            type="text"
            aria-label="打开菜单"
            icon={<MenuOutlined />}
            onClick={() => setDrawerOpen(true)}
            data-testid="menu-toggle"
          />
        )}
        <img src="/favicon.svg" alt="" width={28} height={28} style={{ flex: 'none' }} />
        <Typography.Text strong className="app-title" style={{ fontSize: mobile ? 15 : 17, flex: 1 }}>
          {mobile ? '充分就业村（社区）创建平台' : TITLE}
        </Typography.Text>
        {!mobile && (
          <Space size={8} style={{ flex: 'none' }} data-testid="user-info">
            <span>{user.displayName}</span>
            <Tag color={user.role ? 'blue' : 'default'} style={{ marginInlineEnd: 0 }}>
              {user.roleLabel ?? '未分配角色'}
            </Tag>
            {user.unitName && <Tag style={{ marginInlineEnd: 0 }}>{user.unitName}</Tag>}
          </Space>
        )}
        <Dropdown menu={{ items: userMenu }} trigger={['click']} placement="bottomRight">
          <Button type="text" data-testid="user-menu" style={{ flex: 'none' }}>
            {mobile ? (
              <Avatar size="small" icon={<UserOutlined />} />
            ) : (
              <>
                账户 <DownOutlined />
              </>
            )}
          </Button>
        </Dropdown>
      </Header>
      <Layout>
        {!mobile && (
          <Sider width={208} theme="light" style={{ borderInlineEnd: '1px solid #f0f0f0' }}>
            <nav aria-label="主菜单">{menu}</nav>
          </Sider>
        )}
        {mobile && (
          <Drawer
            placement="left"
            open={drawerOpen}
            onClose={() => setDrawerOpen(false)}
            size={260}
            title={TITLE}
            styles={{ body: { padding: 0 }, header: { padding: '12px 16px' } }}
          >
            <nav aria-label="主菜单">{menu}</nav>
          </Drawer>
        )}
        <Content style={{ padding: mobile ? 12 : 24, minWidth: 0 }}>
          <Outlet />
        </Content>
      </Layout>
    </Layout>
  );
}
