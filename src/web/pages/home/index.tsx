import {
  Alert,
  Badge,
  Card,
  Col,
  Descriptions,
  Empty,
  Flex,
  List,
  Row,
  Skeleton,
  Statistic,
  Tag,
  Typography,
} from 'antd';
import dayjs from 'dayjs';
import { createElement } from 'react';
import { Link } from 'react-router';
import { can, isAdminRole, permissionsOf, type Role } from '../../../domain/access.ts';
import { useAssessmentList } from '../../api/assessment-hooks.ts';
import { useMe } from '../../api/hooks.ts';
import { useWorkQueues } from '../../api/services-hooks.ts';
import { menuRoutes } from '../../access.ts';
import { STATE_COLORS } from '../../assessment/workflow.ts';
import { routes } from '../../config/routes.ts';
import { STEP_TODO, assessmentTodo, openQueues } from '../../home/workbench.ts';
import { PERMISSION_LABELS } from '../../labels.ts';
import { todayIso } from '../../register/labels.ts';

/** 待办服务: the work queue of a village, or a town's villages with the most to do. */
function QueueCard({ town }: { town: boolean }) {
  const q = useWorkQueues(null, todayIso());
  const open = q.data ? openQueues(q.data.counts) : [];
  const busiest = (q.data?.units ?? [])
    .filter((u) => u.total > 0)
    .sort((a, b) => b.total - a.total)
    .slice(0, 5);
  return (
    <Card
      title="待办服务"
      size="small"
      extra={<Link to="/queues">全部工作提醒</Link>}
      data-testid="home-queues"
    >
      {q.isPending ? (
        <Skeleton active paragraph={{ rows: 3 }} />
      ) : q.isError ? (
        <Alert type="error" showIcon title="工作提醒加载失败" description={q.error.message} />
      ) : (
        <>
          <Statistic title={`${q.data.unit.name}今日待办`} value={q.data.total} suffix="项" />
          {open.length === 0 ? (
            <Typography.Paragraph type="secondary" style={{ margin: '8px 0 0' }}>
              没有到期或即将到期的服务，继续保持。
            </Typography.Paragraph>
          ) : (
            <List
              size="small"
              dataSource={open}
              renderItem={(k) => (
                <List.Item extra={<Badge count={k.count} overflowCount={9999} color="#fa8c16" />}>
                  {k.label}
                </List.Item>
              )}
            />
          )}
          {town && busiest.length > 0 && (
            <>
              <Typography.Text strong style={{ display: 'block', marginTop: 12 }}>
                待办最多的村（社区）
              </Typography.Text>
              <List
                size="small"
                dataSource={busiest}
                renderItem={(u) => (
                  <List.Item extra={`${u.total} 项`}>
                    <Link to={`/queues?unit=${u.code}`}>{u.name}</Link>
                  </List.Item>
                )}
              />
            </>
          )}
        </>
      )}
    </Card>
  );
}

/** This year's assessments: what waits for this user, and where every unit stands. */
function AssessmentCard({ user }: { user: { id: number; role: Role | null } }) {
  const year = dayjs().year();
  const list = useAssessmentList(year, null);
  const todo = list.data ? assessmentTodo(user, list.data.items) : null;
  return (
    <Card
      title={`${year}年度考核验收`}
      size="small"
      extra={<Link to={`/assessments?year=${year}`}>考核验收</Link>}
      data-testid="home-assessments"
    >
      {list.isPending ? (
        <Skeleton active paragraph={{ rows: 3 }} />
      ) : list.isError ? (
        <Alert type="error" showIcon title="考核情况加载失败" description={list.error.message} />
      ) : list.data.items.length === 0 ? (
        <Empty description="范围内没有村（社区）" />
      ) : (
        <>
          <Flex gap={24} wrap>
            <Statistic title="待您处理" value={todo!.mine.length} suffix="个" />
            <Statistic title="验收合格" value={todo!.accepted} suffix={`/ ${list.data.items.length}`} />
          </Flex>
          {todo!.mine.length > 0 && (
            <List
              size="small"
              dataSource={todo!.mine.slice(0, 6)}
              data-testid="home-my-steps"
              renderItem={({ item, step }) => (
                <List.Item extra={<Tag color="blue">{STEP_TODO[step]}</Tag>}>
                  <Link to={`/assessments/${item.unit}/${year}`}>
                    {item.townName && item.kind !== 'town' && list.data.items.length > 1
                      ? `${item.townName} `
                      : ''}
                    {item.name}
                  </Link>
                  <Typography.Text type="secondary" style={{ marginInlineStart: 8 }}>
                    计算得分 {item.computedTotal ?? '—'}
                  </Typography.Text>
                </List.Item>
              )}
            />
          )}
          {todo!.mine.length > 6 && (
            <Typography.Text type="secondary">
              另有 {todo!.mine.length - 6} 个，请到考核验收页处理。
            </Typography.Text>
          )}
          <Flex gap={6} wrap style={{ marginTop: 12 }}>
            {todo!.byState.map((s) => (
              <Tag key={s.state} color={STATE_COLORS[s.state]}>
                {s.label} {s.count}
              </Tag>
            ))}
          </Flex>
        </>
      )}
    </Card>
  );
}

/**
 * 首页 (工作台): what waits for this user today — the services due in their villages and the assessment steps
 * that are theirs — then who they are and what they may do.
 */
export default function HomePage() {
  const me = useMe().data;
  if (!me) return null;
  const { user } = me;
  const abilities = permissionsOf(user.role).map((p) => PERMISSION_LABELS[p]);
  const pages = menuRoutes(me, routes).filter((r) => r.path !== '/');
  const servesResidents =
    can(user.role, 'resident:write') && (user.role === 'village_staff' || user.role === 'town_staff');
  const assesses = can(user.role, 'assessment:read');

  return (
    <div>
      <Typography.Title level={4} style={{ marginTop: 0 }}>
        {user.displayName}，您好
      </Typography.Title>
      <Typography.Paragraph type="secondary">
        {user.unitName ?? (user.role ? '泉港区' : '')} · {dayjs().format('YYYY年M月D日')}
      </Typography.Paragraph>
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
        {servesResidents && (
          <Col xs={24} lg={12}>
            <QueueCard town={user.role === 'town_staff'} />
          </Col>
        )}
        {assesses && (
          <Col xs={24} lg={12}>
            <AssessmentCard user={user} />
          </Col>
        )}
        <Col xs={24} lg={12}>
          <Card title="我的账户" size="small">
            <Descriptions column={1} size="small" data-testid="home-account">
              <Descriptions.Item label="用户名">{user.username}</Descriptions.Item>
              <Descriptions.Item label="角色">{user.roleLabel ?? '未分配'}</Descriptions.Item>
              <Descriptions.Item label="所属单位">
                {user.unitName ?? (user.role ? '区级（全区）' : '未分配')}
              </Descriptions.Item>
            </Descriptions>
            {abilities.length > 0 && (
              <>
                <Typography.Text strong style={{ display: 'block', margin: '12px 0 4px' }}>
                  我的权限
                </Typography.Text>
                <Flex gap={6} wrap>
                  {abilities.map((a) => (
                    <Tag key={a}>{a}</Tag>
                  ))}
                </Flex>
              </>
            )}
          </Card>
        </Col>
        {isAdminRole(user.role) && pages.length > 0 && (
          <Col xs={24} lg={12}>
            <Card title="管理功能" size="small">
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
            </Card>
          </Col>
        )}
      </Row>
    </div>
  );
}
