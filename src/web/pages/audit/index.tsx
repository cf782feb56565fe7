import { SafetyOutlined } from '@ant-design/icons';
import {
  Alert,
  Button,
  Card,
  DatePicker,
  Form,
  Input,
  Select,
  Space,
  Table,
  Tag,
  Typography,
  type TableColumnsType,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useMemo, useState } from 'react';
import { useAuditLog, useVerifyAudit, type AuditFilter, type AuditRecord } from '../../api/hooks.ts';
import { PageContainer } from '../../components/PageContainer.tsx';
import {
  AUDIT_ACTION_LABELS,
  AUDIT_RESULT_LABELS,
  OBJECT_TYPE_LABELS,
  formatDateTime,
  roleLabel,
} from '../../labels.ts';

interface FilterForm {
  actor?: string;
  action?: string;
  objectType?: string;
  objectId?: string;
  range?: [Dayjs | null, Dayjs | null] | null;
}

function toFilter(v: FilterForm): AuditFilter {
  const f: AuditFilter = {};
  if (v.actor?.trim()) f.actor = v.actor.trim();
  if (v.action) f.action = v.action;
  if (v.objectType) f.objectType = v.objectType;
  if (v.objectId?.trim()) f.objectId = v.objectId.trim();
  if (v.range?.[0]) f.from = v.range[0].format('YYYY-MM-DD');
  if (v.range?.[1]) f.to = v.range[1].format('YYYY-MM-DD');
  return f;
}

const columns: TableColumnsType<AuditRecord> = [
  { title: '序号', dataIndex: 'seq', key: 'seq', width: 70 },
  {
    title: '时间',
    dataIndex: 'at',
    key: 'at',
    render: (v: string) => <span style={{ whiteSpace: 'nowrap' }}>{formatDateTime(v)}</span>,
  },
  { title: '操作人', dataIndex: 'actor', key: 'actor' },
  { title: '角色', dataIndex: 'role', key: 'role', render: (r: string | null) => (r ? roleLabel(r) : '—') },
  {
    title: '操作',
    dataIndex: 'action',
    key: 'action',
    render: (a: string) => (
      <span style={{ whiteSpace: 'nowrap' }}>
        {AUDIT_ACTION_LABELS[a] ?? a}
        {AUDIT_ACTION_LABELS[a] && (
          <Typography.Text type="secondary" style={{ fontSize: 12, marginInlineStart: 4 }}>
            {a}
          </Typography.Text>
        )}
      </span>
    ),
  },
  {
    title: '对象',
    key: 'object',
    render: (_v, r) =>
      r.objectType ? `${OBJECT_TYPE_LABELS[r.objectType] ?? r.objectType} ${r.objectId ?? ''}` : '—',
  },
  {
    title: '结果',
    dataIndex: 'result',
    key: 'result',
    render: (v: string) => {
      const l = AUDIT_RESULT_LABELS[v];
      return <Tag color={l?.color ?? 'default'}>{l?.text ?? v}</Tag>;
    },
  },
  {
    title: '详情',
    dataIndex: 'detail',
    key: 'detail',
    render: (d: string | null) =>
      d ? (
        <Typography.Text style={{ maxWidth: 320, fontSize: 12 }} ellipsis={{ tooltip: d }} code>
          {d}
        </Typography.Text>
      ) : (
        '—'
      ),
  },
  {
    title: '请求号',
    dataIndex: 'requestId',
    key: 'requestId',
    render: (v: string | null) =>
      v ? (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {v.slice(0, 8)}
        </Typography.Text>
      ) : (
        '—'
      ),
  },
];

/** 审计日志 (审计管理员): the hash-chained trail, newest first, filterable, with a chain check. */
export default function AuditPage() {
  const [form] = Form.useForm<FilterForm>();
  const [filter, setFilter] = useState<AuditFilter>({});
  const log = useAuditLog(filter);
  const verify = useVerifyAudit();
  const rows = useMemo(() => log.data?.pages.flatMap((p) => p.items) ?? [], [log.data]);

  return (
    <PageContainer
      title="审计日志"
      extra={
        <Button
          icon={<SafetyOutlined />}
          onClick={() => verify.mutate()}
          loading={verify.isPending}
          data-testid="verify-chain"
        >
          校验审计链
        </Button>
      }
    >
      {verify.data && (
        <Alert
          data-testid="verify-result"
          style={{ marginBottom: 16 }}
          showIcon
          closable
          type={verify.data.ok ? 'success' : 'error'}
          title={
            verify.data.ok
              ? `审计链完整：已校验 ${verify.data.checked} 条记录，未发现篡改、缺失或乱序。`
              : `审计链已被破坏：已校验 ${verify.data.checked} 条记录`
          }
          description={
            verify.data.firstBroken
              ? `第 ${verify.data.firstBroken.seq} 条：${verify.data.firstBroken.problem}`
              : undefined
          }
        />
      )}
      <Card size="small" style={{ marginBottom: 16 }}>
        <Form<FilterForm>
          form={form}
          layout="inline"
          onFinish={(v) => setFilter(toFilter(v))}
          style={{ rowGap: 8 }}
        >
          <Form.Item name="actor" label="操作人">
            <Input allowClear placeholder="用户名" style={{ width: 140 }} />
          </Form.Item>
          <Form.Item name="action" label="操作">
            <Select
              allowClear
              placeholder="全部"
              style={{ width: 160 }}
              options={Object.entries(AUDIT_ACTION_LABELS).map(([value, label]) => ({ value, label }))}
            />
          </Form.Item>
          <Form.Item name="objectType" label="对象">
            <Select
              allowClear
              placeholder="全部"
              style={{ width: 100 }}
              options={Object.entries(OBJECT_TYPE_LABELS).map(([value, label]) => ({ value, label }))}
            />
          </Form.Item>
          <Form.Item name="objectId" label="对象编号">
            <Input allowClear style={{ width: 140 }} />
          </Form.Item>
          <Form.Item name="range" label="日期">
            <DatePicker.RangePicker allowEmpty={[true, true]} style={{ width: 240 }} />
          </Form.Item>
          <Form.Item>
            <Space>
              <Button type="primary" htmlType="submit">
                查询
              </Button>
              <Button
                onClick={() => {
                  form.resetFields();
                  setFilter({});
                }}
              >
                重置
              </Button>
            </Space>
          </Form.Item>
        </Form>
      </Card>
      <Card size="small">
        <Table<AuditRecord>
          rowKey="seq"
          size="small"
          columns={columns}
          dataSource={rows}
          loading={log.isPending}
          pagination={false}
          scroll={{ x: 'max-content' }}
          locale={{ emptyText: '没有符合条件的记录' }}
          data-testid="audit-table"
        />
        <div style={{ textAlign: 'center', marginTop: 12 }}>
          {log.hasNextPage ? (
            <Button onClick={() => void log.fetchNextPage()} loading={log.isFetchingNextPage}>
              加载更多
            </Button>
          ) : (
            rows.length > 0 && <Typography.Text type="secondary">已显示全部 {rows.length} 条</Typography.Text>
          )}
        </div>
      </Card>
    </PageContainer>
  );
}
