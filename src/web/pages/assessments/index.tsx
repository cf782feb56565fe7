import { DownloadOutlined, PrinterOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Empty, Flex, Grid, List, Select, Table, Tabs, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import dayjs from 'dayjs';
import { Link, useNavigate, useSearchParams } from 'react-router';
import type { AssessmentListItem } from '../../../api/assessment.ts';
import { scopeLevelOf } from '../../../domain/access.ts';
import { useAssessmentList } from '../../api/assessment-hooks.ts';
import { download } from '../../api/client.ts';
import { useMe, useUnits } from '../../api/hooks.ts';
import { Deadlines, LateTags } from '../../assessment/Deadlines.tsx';
import { PlansPanel } from '../../assessment/PlansPanel.tsx';
import { STATE_COLORS, awardLabel } from '../../assessment/workflow.ts';
import { PageContainer } from '../../components/PageContainer.tsx';
import { useShowError } from '../../error-policy.ts';

const score = (n: number | null) => (n === null ? <Typography.Text type="secondary">—</Typography.Text> : n);

function StateTag({ item }: { item: AssessmentListItem }) {
  return (
    <Tag color={STATE_COLORS[item.state]} style={{ marginInlineEnd: 0 }}>
      {item.stateLabel}
    </Tag>
  );
}

function AwardTag({ item, year }: { item: AssessmentListItem; year: number }) {
  if (!item.award) return null;
  const thisYear = item.award.year === year;
  return (
    <Tag
      color={!thisYear ? 'default' : item.award.status === 'approved' ? 'gold' : 'orange'}
      style={{ marginInlineEnd: 0 }}
    >
      {awardLabel(item.award, year)}
    </Tag>
  );
}

function Computed({ item }: { item: AssessmentListItem }) {
  if (item.computedTotal === null)
    return (
      <Typography.Text type="secondary" title="该年度未申报，且当年没有登记数据，无法计算">
        未考核
      </Typography.Text>
    );
  return (
    <Flex gap={6} align="center" wrap>
      <Typography.Text strong>{item.computedTotal}</Typography.Text>
      <Tag color={item.passed ? 'green' : 'red'} style={{ marginInlineEnd: 0 }}>
        {item.passed ? '达标' : '未达标'}
      </Tag>
      {!item.live && (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          已锁定
        </Typography.Text>
      )}
    </Flex>
  );
}

/**
 * 考核验收: the village-level units in the user's scope for one year — the computed total (live until
 * submitted) beside the self, town and district totals, the state, late steps — each opening its scorecard.
 */
export default function AssessmentsPage() {
  const [params, setParams] = useSearchParams();
  const navigate = useNavigate();
  const me = useMe().data;
  const thisYear = dayjs().year();
  const year = Number(params.get('year') ?? thisYear);
  const town = params.get('town');
  const tab = params.get('tab') ?? 'list';
  const district = scopeLevelOf(me?.user.role ?? null) === 'district';
  const village = scopeLevelOf(me?.user.role ?? null) === 'unit';
  const towns = useUnits({ kind: 'town' }, district);
  const list = useAssessmentList(year, district ? town : null);
  const mobile = !Grid.useBreakpoint().md;
  const showError = useShowError();

  const set = (k: string, v: string | null) => {
    const next = new URLSearchParams(params);
    if (v) next.set(k, v);
    else next.delete(k);
    setParams(next, { replace: true });
  };
  const to = (u: AssessmentListItem) => `/assessments/${u.unit}/${year}`;
  const items = list.data?.items ?? [];
  const passed = items.filter((i) => i.passed).length;
  const accepted = items.filter((i) => i.state === 'accepted' || i.state === 'awarded').length;

  const columns: ColumnsType<AssessmentListItem> = [
    {
      title: '村（社区）',
      dataIndex: 'name',
      render: (_, u) => (
        <Link to={to(u)} data-testid="assessment-link">
          {u.name}
        </Link>
      ),
    },
    ...(village ? [] : [{ title: '镇（街道）', dataIndex: 'townName' }]),
    { title: '状态', dataIndex: 'state', render: (_, u) => <StateTag item={u} /> },
    {
      title: '计算得分',
      dataIndex: 'computedTotal',
      sorter: (a, b) => (a.computedTotal ?? -1) - (b.computedTotal ?? -1),
      render: (_, u) => <Computed item={u} />,
    },
    { title: '自评分', dataIndex: 'selfTotal', align: 'right', render: score },
    { title: '初核分', dataIndex: 'townTotal', align: 'right', render: score },
    { title: '考核分', dataIndex: 'districtTotal', align: 'right', render: score },
    { title: '逾期', key: 'late', render: (_, u) => <LateTags daysLate={u.daysLate} /> },
    {
      title: '奖补',
      key: 'award',
      render: (_, u) =>
        u.award ? <AwardTag item={u} year={year} /> : <Typography.Text type="secondary">—</Typography.Text>,
    },
  ];

  const listView = (
    <Flex vertical gap={12}>
      <Card size="small">
        <Flex vertical gap={8}>
          {list.data && <Deadlines deadlines={list.data.deadlines} />}
          {list.data && (
            <Typography.Text type="secondary" data-testid="list-summary">
              共 {items.length} 个村（社区）：按当前数据计算达标 {passed} 个，验收合格 {accepted} 个。
            </Typography.Text>
          )}
        </Flex>
      </Card>
      {list.isError ? (
        <Alert type="error" showIcon title="加载失败" description={list.error.message} />
      ) : mobile ? (
        <List
          loading={list.isPending}
          dataSource={items}
          locale={{ emptyText: <Empty description="没有可显示的村（社区）" /> }}
          pagination={items.length > 20 ? { pageSize: 20, size: 'small' } : false}
          renderItem={(u) => (
            <Card size="small" style={{ marginBottom: 8 }} data-testid="assessment-card">
              <Flex vertical gap={6}>
                <Flex justify="space-between" align="center" gap={8}>
                  <Link to={to(u)} data-testid="assessment-link" style={{ fontWeight: 600 }}>
                    {u.name}
                  </Link>
                  <StateTag item={u} />
                </Flex>
                {u.townName && <Typography.Text type="secondary">{u.townName}</Typography.Text>}
                <Computed item={u} />
                <Typography.Text type="secondary">
                  自评 {u.selfTotal ?? '—'} · 初核 {u.townTotal ?? '—'} · 考核 {u.districtTotal ?? '—'}
                </Typography.Text>
                <LateTags daysLate={u.daysLate} quiet />
                <div>
                  <AwardTag item={u} year={year} />
                </div>
              </Flex>
            </Card>
          )}
        />
      ) : (
        <Table
          rowKey="unit"
          size="small"
          loading={list.isPending}
          columns={columns}
          dataSource={items}
          pagination={items.length > 30 ? { pageSize: 30, showSizeChanger: false } : false}
          scroll={{ x: 'max-content' }}
          locale={{ emptyText: <Empty description="没有可显示的村（社区）" /> }}
        />
      )}
    </Flex>
  );

  return (
    <PageContainer
      title="考核验收"
      extra={
        <>
          <Select
            value={year}
            onChange={(y) => set('year', String(y))}
            options={Array.from({ length: 5 }, (_, i) => thisYear - i).map((y) => ({
              value: y,
              label: `${y}年度`,
            }))}
            aria-label="年度"
            style={{ width: 110 }}
            data-testid="year-select"
          />
          {district && (
            <Select
              allowClear
              placeholder="全部镇（街道）"
              value={town ?? undefined}
              onChange={(v?: string) => set('town', v ?? null)}
              options={(towns.data ?? []).map((t) => ({ value: t.code, label: t.name }))}
              aria-label="镇（街道）"
              style={{ width: 160 }}
            />
          )}
          <Button
            icon={<DownloadOutlined />}
            onClick={() =>
              void download(
                '/api/assessments/summary.xlsx',
                { year, town: district ? town : null },
                `${year}-考核汇总表.xlsx`,
              ).catch(showError)
            }
            data-testid="summary-xlsx"
          >
            汇总表
          </Button>
          <Button
            icon={<PrinterOutlined />}
            onClick={() =>
              navigate(`/assessments/print?year=${year}${district && town ? `&town=${town}` : ''}`)
            }
            data-testid="summary-print"
          >
            打印汇总表
          </Button>
        </>
      }
    >
      {village ? (
        listView
      ) : (
        <Tabs
          activeKey={tab}
          onChange={(k) => set('tab', k === 'list' ? null : k)}
          items={[
            { key: 'list', label: '考核名单', children: listView },
            {
              key: 'plans',
              label: '实施方案',
              children: (
                <PlansPanel
                  year={year}
                  role={me?.user.role ?? null}
                  due={list.data?.deadlines.townPlanDue ?? `${year}-11-25`}
                />
              ),
            },
          ]}
        />
      )}
    </PageContainer>
  );
}
