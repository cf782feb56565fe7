import { CheckOutlined, FormOutlined, RightOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Badge,
  Button,
  Card,
  Collapse,
  DatePicker,
  Empty,
  Flex,
  List,
  Popconfirm,
  Skeleton,
  Tag,
  Typography,
} from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { can } from '../../../domain/access.ts';
import { SERVICE_TYPES, type ServiceType } from '../../../domain/facts.ts';
import { WORK_QUEUE_KINDS, WORK_QUEUE_LABELS, type WorkQueueKind } from '../../../domain/work-queues.ts';
import { useMe, useUnits } from '../../api/hooks.ts';
import { useFulfilRequest, useWorkQueues, type WorkQueueEntry } from '../../api/services-hooks.ts';
import { PageContainer } from '../../components/PageContainer.tsx';
import { ServiceDrawer } from '../../services/ServiceDrawer.tsx';
import type { ChosenPerson } from '../../services/ServiceEntry.tsx';
import { ServiceLedgerExport } from '../../services/ServiceLedgerExport.tsx';
import { UnitPicker } from '../../units/UnitPicker.tsx';

const PAGE = 20;

/** Red when late, orange within two weeks, blue otherwise. */
function DueTag({ item }: { item: WorkQueueEntry }) {
  if (item.daysOverdue !== null) return <Tag color="red">已逾期 {item.daysOverdue} 天</Tag>;
  if (item.daysLeft === null) return null;
  return (
    <Tag color={item.daysLeft <= 14 ? 'orange' : 'blue'}>
      剩 {item.daysLeft} 天（{item.due}）
    </Tag>
  );
}

function QueueItem({
  item,
  rolledUp,
  writable,
  onRecord,
}: {
  item: WorkQueueEntry;
  rolledUp: boolean;
  writable: boolean;
  onRecord: (p: ChosenPerson, type: ServiceType) => void;
}) {
  const fulfil = useFulfilRequest();
  const { message } = App.useApp();
  const suggested = (SERVICE_TYPES as readonly string[]).includes(item.suggested)
    ? (item.suggested as ServiceType)
    : null;
  const who = item.person ? (
    <Link to={`/persons/${item.person.id}`} data-testid="queue-person">
      {item.kind === 'zeroEmploymentFamily' ? item.name : item.person.name}
    </Link>
  ) : item.householdId !== null ? (
    <Link to={`/households/${item.householdId}`}>{item.name}</Link>
  ) : (
    <Typography.Text strong>{item.name}</Typography.Text>
  );
  let action = null;
  if (writable && item.action === 'fulfilRequest' && item.recordId !== null) {
    const id = item.recordId;
    action = (
      <Popconfirm
        title="确认今天已联系落实？"
        okText="已落实"
        cancelText="取消"
        onConfirm={() =>
          fulfil.mutate(
            { id },
            { onSuccess: () => void message.success(`已落实：${item.name} ${item.suggested}`) },
          )
        }
      >
        <Button size="small" type="primary" icon={<CheckOutlined />} loading={fulfil.isPending}>
          联系落实
        </Button>
      </Popconfirm>
    );
  } else if (writable && item.action === 'service' && item.person && suggested) {
    const p = item.person;
    action = (
      <Button
        size="small"
        type="primary"
        icon={<FormOutlined />}
        onClick={() =>
          onRecord({ id: p.id, name: p.name, idMasked: p.idMasked, unitName: item.unitName }, suggested)
        }
        data-testid="queue-record"
      >
        登记{suggested}
      </Button>
    );
  } else if (writable && item.action === 'unitRecord') {
    action = (
      <Link to={`/unit-work?unit=${item.unitCode}&add=${encodeURIComponent(item.suggested)}`}>
        <Button size="small" icon={<RightOutlined />}>
          去登记{item.suggested}
        </Button>
      </Link>
    );
  }
  return (
    <List.Item data-testid="queue-item" style={{ paddingInline: 0 }}>
      <Flex vertical gap={4} style={{ width: '100%', minWidth: 0 }}>
        <Flex wrap gap={8} align="center" justify="space-between">
          <Flex wrap gap={6} align="center" style={{ minWidth: 0 }}>
            {who}
            {item.person && item.kind !== 'zeroEmploymentFamily' && (
              <span className="mono" style={{ fontSize: 12, color: 'rgba(0,0,0,0.55)' }}>
                {item.person.idMasked}
              </span>
            )}
            {rolledUp && <Tag>{item.unitName}</Tag>}
            {!item.scored && <Tag>提醒（不计分）</Tag>}
          </Flex>
          {action}
        </Flex>
        <Typography.Text type="secondary">{item.detail}</Typography.Text>
        <div>
          <DueTag item={item} />
        </div>
      </Flex>
    </List.Item>
  );
}

function QueueGroup({
  items,
  ...rest
}: {
  items: WorkQueueEntry[];
  rolledUp: boolean;
  writable: boolean;
  onRecord: (p: ChosenPerson, type: ServiceType) => void;
}) {
  const [shown, setShown] = useState(PAGE);
  if (!items.length) return <Typography.Text type="success">已完成，没有待办。</Typography.Text>;
  return (
    <>
      <List
        size="small"
        dataSource={items.slice(0, shown)}
        renderItem={(i) => <QueueItem item={i} {...rest} />}
      />
      {items.length > shown && (
        <Button block type="dashed" onClick={() => setShown(shown + PAGE * 5)}>
          显示更多（还有 {items.length - shown} 项）
        </Button>
      )}
    </>
  );
}

/**
 * 工作提醒: what a village must still do, on a date (default today) — the scoring's own rules read forward.
 * A town sees its villages rolled up (or picks one); the district picks a town. Each item links to the person
 * and opens the field form with the suggested type; saving refreshes the queue, which shrinks.
 */
export default function QueuesPage() {
  const [params, setParams] = useSearchParams();
  const me = useMe().data;
  const units = useUnits();
  const own = me?.user.unitCode ?? null;
  const unit = params.get('unit') ?? own;
  const date = params.get('date');
  const queues = useWorkQueues(unit, date ?? '', !!unit);
  const [recording, setRecording] = useState<{ person: ChosenPerson; type: ServiceType } | null>(null);
  const writable = !!me && can(me.user.role, 'resident:write');
  const exportable = !!me && can(me.user.role, 'resident:export');
  const pickable = (units.data ?? []).length > 1;

  const set = (k: string, v: string | null) => {
    const next = new URLSearchParams(params);
    if (v) next.set(k, v);
    else next.delete(k);
    setParams(next, { replace: true });
  };

  const data = queues.data;
  const rolledUp = (data?.unit.level ?? 3) < 3;
  const byKind = new Map<WorkQueueKind, WorkQueueEntry[]>(WORK_QUEUE_KINDS.map((k) => [k, []]));
  for (const i of data?.items ?? []) byKind.get(i.kind)?.push(i);

  return (
    <PageContainer
      title="工作提醒"
      extra={
        exportable && data && data.unit.level === 3 ? (
          <ServiceLedgerExport unit={data.unit.code} defaultYear={Number(data.date.slice(0, 4))} />
        ) : null
      }
    >
      <Card size="small" style={{ marginBottom: 12 }}>
        <Flex wrap gap={8} align="center">
          {pickable ? (
            <div style={{ flex: '1 1 220px', maxWidth: 340 }}>
              <UnitPicker
                kinds={['town', 'village', 'community']}
                value={unit}
                onChange={(c) => set('unit', c)}
                placeholder="选择镇（街道）或村（社区）"
              />
            </div>
          ) : (
            data && <Typography.Text strong>{data.unit.name}</Typography.Text>
          )}
          <DatePicker
            value={dayjs(date ?? data?.date ?? undefined)}
            allowClear={false}
            onChange={(d) => set('date', d ? d.format('YYYY-MM-DD') : null)}
            aria-label="提醒日期"
            data-testid="queue-date"
          />
          {date && (
            <Button type="link" onClick={() => set('date', null)}>
              回到今天
            </Button>
          )}
        </Flex>
      </Card>

      {!unit ? (
        <Empty description="请选择一个镇（街道）或村（社区）查看工作提醒" />
      ) : queues.isPending ? (
        <Skeleton active />
      ) : queues.isError ? (
        <Alert type="error" showIcon title="加载失败" description={queues.error.message} />
      ) : (
        data && (
          <Flex vertical gap={12}>
            <Typography.Text type="secondary" data-testid="queue-summary">
              {data.unit.name} · {data.date} · 共 {data.total} 项待办
              {queues.isFetching ? '（正在刷新…）' : ''}
            </Typography.Text>
            {rolledUp && (
              <Card size="small" title="各村（社区）待办" data-testid="queue-units">
                <Flex wrap gap={8}>
                  {data.units.map((u) => (
                    <Button key={u.code} onClick={() => set('unit', u.code)} data-testid="queue-unit">
                      {u.name}
                      <Badge
                        count={u.total}
                        showZero
                        overflowCount={9999}
                        color={u.total ? '#fa541c' : '#52c41a'}
                        style={{ marginInlineStart: 4 }}
                      />
                    </Button>
                  ))}
                </Flex>
              </Card>
            )}
            <Collapse
              defaultActiveKey={WORK_QUEUE_KINDS.filter((k) => data.counts[k])}
              items={WORK_QUEUE_KINDS.map((k) => ({
                key: k,
                label: (
                  <Flex justify="space-between" align="center" gap={8} data-testid={`queue-group-${k}`}>
                    <span>{WORK_QUEUE_LABELS[k]}</span>
                    <Badge
                      count={data.counts[k] ?? 0}
                      showZero
                      overflowCount={9999}
                      color={data.counts[k] ? '#fa541c' : '#52c41a'}
                      data-testid={`queue-count-${k}`}
                    />
                  </Flex>
                ),
                children: (
                  <QueueGroup
                    items={byKind.get(k) ?? []}
                    rolledUp={rolledUp}
                    writable={writable}
                    onRecord={(person, type) => setRecording({ person, type })}
                  />
                ),
              }))}
            />
          </Flex>
        )
      )}
      <ServiceDrawer
        person={recording?.person ?? null}
        type={recording?.type ?? null}
        onClose={() => setRecording(null)}
      />
    </PageContainer>
  );
}
