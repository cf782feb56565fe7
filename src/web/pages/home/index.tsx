import { Alert, Card, Col, Descriptions, List, Row, Typography } from 'antd';
import { createElement } from 'react';
import { Link } from 'react-router';
import { isAdminRole, permissionsOf } from '../../../domain/access.ts';
import { useMe } from '../../api/hooks.ts';
import { menuRoutes } from '../../access.ts';
import { routes } from '../../config/routes.ts';
import { PERMISSION_LABELS } from '../../labels.ts';

/** 首页: who you are, where you belong, what you may do here. No figures until there are real ones. */
export default function HomePage() {
  const me = useMe().data;
  if (!me) return null;
  const { user } = me;
  const abilities = permissionsOf(user.role).map((p) => PERMISSION_LABELS[p]);
  const pages = menuRoutes(me, routes).filter((r) => r.path !== '/');

  return (
    <div>
      <Typography.Title level={4} style={{ marginTop: 0 }}>
        {user.displayName}，您好
      </Typography.Title>
      <Typography.Paragraph type="secondary">欢迎使用泉港区充分就业村（社区）创建平台。</Typography.Paragraph>
      {!user.role && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 16 }}
          title="您的账户尚未分配角色"
          description="请联系安全管理员为您分配角色和所属单位，分配后重新登录即可使用相应功能。"
        />
      )}
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={12}>
          <Card title="我的账户" size="small">
            <Descriptions column={1} size="small" data-testid="home-account">
              <Descriptions.Item label="用户名">{user.username}</Descriptions.Item>
              <Descriptions.Item label="角色">{user.roleLabel ?? '未分配'}</Descriptions.Item>
              <Descriptions.Item label="所属单位">
                {user.unitName ?? (user.role ? '区级（全区）' : '未分配')}
              </Descriptions.Item>
            </Descriptions>
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card title="角色权限" size="small">
            <Typography.Paragraph type="secondary" style={{ marginTop: 0 }}>
              平台按以下权限向您开放功能；目前已开通的页面列在下方，其余功能建设中。
            </Typography.Paragraph>
            {abilities.length ? (
              <List size="small" dataSource={abilities} renderItem={(a) => <List.Item>{a}</List.Item>} />
            ) : (
              <Typography.Text type="secondary">暂无权限。</Typography.Text>
            )}
          </Card>
        </Col>
        {pages.length > 0 && (
          <Col xs={24}>
            <Card title="已开通的页面" size="small">
              <List
                size="small"
                dataSource={pages}
                renderItem={(r) => (
                  <List.Item>
                    <Link to={r.path}>
                      {r.icon && createElement(r.icon)} <span style={{ marginInlineStart: 6 }}>{r.name}</span>
                    </Link>
                  </List.Item>
                )}
              />
              {!isAdminRole(user.role) && (
                <Typography.Paragraph type="secondary" style={{ margin: '8px 0 0' }}>
                  劳动力资源信息库、就业服务台账和考核评分等功能上线后，将按您的角色出现在菜单中。
                </Typography.Paragraph>
              )}
            </Card>
          </Col>
        )}
      </Row>
    </div>
  );
}
