import { PlusOutlined, SearchOutlined } from '@ant-design/icons';
import {
  Alert,
  Button,
  Card,
  Empty,
  Flex,
  Grid,
  Input,
  List,
  Table,
  Tabs,
  Tag,
  Typography,
  type TableColumnsType,
} from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import type { PersonListItem } from '../../../api/persons.ts';
import { can } from '../../../domain/access.ts';
import { PERSON_FLAG_LABELS, type PersonFlagName } from '../../../domain/ledgers.ts';
import { useMe, useUnits } from '../../api/hooks.ts';
import { useLedger } from '../../api/register.ts';
import { PageContainer } from '../../components/PageContainer.tsx';
import { FlagTags } from '../../register/FlagTags.tsx';
import { FILTER_FLAGS, isLedgerName, LEDGER_TABS, SEX_LABELS } from '../../register/labels.ts';
import { UnitPicker } from '../../units/UnitPicker.tsx';

const PAGE_SIZE = 20;

/**
 * 台账: the four ledgers and the whole register as one page. Everything that defines the list lives in the
 * address (`/ledgers/unemployed?unit=…&q=…&flags=…`), so a list can be bookmarked and shared.
 */
export default function LedgersPage() {
  const { ledger: ledgerParam } = useParams();
  const ledger = isLedgerName(ledgerParam) ? ledgerParam : 'labour';
  const [params, setParams] = useSearchParams();
  const navigate = useNavigate();
  const me = useMe().data;
  const screens = Grid.useBreakpoint();
  const mobile = !screens.md;
  const units = useUnits();
  const manyUnits = (units.data?.length ?? 0) > 1;

  const unit = params.get('unit') ?? undefined;
  const q = params.get('q') ?? '';
  const flags = useMemo(
    () => (params.get('flags') ?? '').split(',').filter((f): f is PersonFlagName => f in PERSON_FLAG_LABELS),
    [params],
  );
  const [typed, setTyped] = useState(q);
  useEffect(() => setTyped(q), [q]);

  const update = (patch: Record<string, string | undefined>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(patch)) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    setParams(next, { replace: true });
  };
  // Search as the user types, once they pause.
  useEffect(() => {
    if (typed.trim() === q) return;
    const t = setTimeout(() => update({ q: typed.trim() || undefined }), 400);
    return () => clearTimeout(t);
  }, [typed]);

  const list = useLedger(ledger, { unit, q, flags }, PAGE_SIZE);
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];
  const first = list.data?.pages[0];

  const toggleFlag = (f: PersonFlagName, on: boolean) => {
    const next = on ? [...flags, f] : flags.filter((x) => x !== f);
    update({ flags: next.length ? next.join(',') : undefined });
  };
  const openPerson = (id: number) => navigate(`/persons/${id}`);

  const columns: TableColumnsType<PersonListItem> = [
    {
      title: '姓名',
      dataIndex: 'name',
      width: 110,
      render: (name: string, r) => <Link to={`/persons/${r.id}`}>{name}</Link>,
    },
    { title: '身份证号', dataIndex: 'idMasked', width: 190, className: 'mono' },
    { title: '性别', dataIndex: 'sex', width: 60, render: (s: 'M' | 'F') => SEX_LABELS[s] },
    { title: '年龄', dataIndex: 'age', width: 60 },
    { title: '电话', dataIndex: 'phoneMasked', width: 130, render: (p: string | null) => p ?? '—' },
    { title: '村（社区）', dataIndex: 'unitName', width: 120 },
    { title: '类别', dataIndex: 'flags', render: (f: PersonFlagName[]) => <FlagTags flags={f} /> },
  ];

  const tabTitle = LEDGER_TABS.find((t) => t.key === ledger)?.title ?? '台账';
  const countText =
    first?.total != null
      ? `共 ${first.total} 人，已显示 ${items.length} 人`
      : q
        ? `搜索“${q}”：已显示 ${items.length} 人${list.hasNextPage ? '，还有更多' : ''}`
        : `已显示 ${items.length} 人`;

  return (
    <PageContainer
      title="台账"
      extra={
        me &&
        can(me.user.role, 'resident:write') && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate('/persons/new')}>
            新增人员
          </Button>
        )
      }
    >
      <Tabs
        activeKey={ledger}
        onChange={(k) => navigate({ pathname: `/ledgers/${k}`, search: params.toString() })}
        items={LEDGER_TABS.map((t) => ({ key: t.key, label: t.title }))}
        style={{ marginBottom: 4 }}
      />
      <Card size="small" style={{ marginBottom: 12 }}>
        <Flex vertical gap={10}>
          <Flex wrap gap={8}>
            {manyUnits && (
              <div style={{ flex: '1 1 220px', maxWidth: mobile ? undefined : 320 }}>
                <UnitPicker
                  kinds={['town', 'village', 'community']}
                  value={unit ?? null}
                  onChange={(c) => update({ unit: c ?? undefined })}
                  placeholder="全部村（社区）"
                />
              </div>
            )}
            <Input
              allowClear
              prefix={<SearchOutlined />}
              value={typed}
              onChange={(e) => setTyped(e.target.value)}
              onPressEnter={() => update({ q: typed.trim() || undefined })}
              placeholder="姓名、拼音首字母、身份证号或电话"
              aria-label="查找人员"
              data-testid="ledger-search"
              style={{ flex: '2 1 240px', maxWidth: mobile ? undefined : 360 }}
            />
          </Flex>
          <Flex wrap gap={6} align="center" data-testid="flag-filters">
            <Typography.Text type="secondary">筛选：</Typography.Text>
            {FILTER_FLAGS.map((f) => (
              <Tag.CheckableTag key={f} checked={flags.includes(f)} onChange={(on) => toggleFlag(f, on)}>
                {PERSON_FLAG_LABELS[f]}
              </Tag.CheckableTag>
            ))}
          </Flex>
        </Flex>
      </Card>

      {list.isError ? (
        <Alert type="error" showIcon title="台账加载失败" description={list.error.message} />
      ) : (
        <Card
          size="small"
          title={tabTitle}
          extra={
            <Typography.Text type="secondary" data-testid="ledger-count">
              {list.isPending ? '加载中…' : countText}
            </Typography.Text>
          }
        >
          {mobile ? (
            <List
              loading={list.isPending}
              dataSource={items}
              locale={{ emptyText: <Empty description="没有符合条件的人员" /> }}
              renderItem={(p) => (
                <List.Item
                  onClick={() => openPerson(p.id)}
                  style={{ cursor: 'pointer', display: 'block' }}
                  data-testid="ledger-row"
                >
                  <Flex justify="space-between" gap={8}>
                    <Link to={`/persons/${p.id}`} style={{ fontWeight: 600, fontSize: 16 }}>
                      {p.name}
                    </Link>
                    <Typography.Text type="secondary">
                      {SEX_LABELS[p.sex]} · {p.age} 岁
                    </Typography.Text>
                  </Flex>
                  <div className="mono" style={{ margin: '2px 0' }}>
                    {p.idMasked}
                  </div>
                  <Typography.Text type="secondary">
                    {p.unitName}
                    {p.phoneMasked ? ` · ${p.phoneMasked}` : ''}
                  </Typography.Text>
                  <div style={{ marginTop: 4 }}>
                    <FlagTags flags={p.flags} />
                  </div>
                </List.Item>
              )}
            />
          ) : (
            <Table
              rowKey="id"
              size="middle"
              loading={list.isPending}
              columns={columns}
              dataSource={items}
              pagination={false}
              scroll={{ x: 900 }}
              locale={{ emptyText: <Empty description="没有符合条件的人员" /> }}
              onRow={(r) =>
                ({
                  onClick: (e) => {
                    if (!(e.target as HTMLElement).closest('a')) openPerson(r.id);
                  },
                  style: { cursor: 'pointer' },
                  'data-testid': 'ledger-row',
                }) as React.HTMLAttributes<HTMLElement>
              }
            />
          )}
          {list.hasNextPage && (
            <Flex justify="center" style={{ marginTop: 12 }}>
              <Button loading={list.isFetchingNextPage} onClick={() => void list.fetchNextPage()}>
                加载更多
              </Button>
            </Flex>
          )}
        </Card>
      )}
    </PageContainer>
  );
}
