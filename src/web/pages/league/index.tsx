import { Alert, Skeleton, Table, Tabs, Tag, Typography } from 'antd';
import { Link } from 'react-router';
import { INDICATOR_KEYS, INDICATOR_LABELS, type LeagueRow } from '../../../api/dashboard.ts';
import { useLeague, useReadiness } from '../../api/dashboard.ts';
import { PageContainer } from '../../components/PageContainer.tsx';
import { DashboardFilters, KIND_LABELS, useDashboardParams } from '../../dashboard/filters.tsx';
import { indicatorText } from '../../dashboard/format.ts';

const uniq = (xs: string[]) => [...new Set(xs)].map((x) => ({ text: x, value: x }));

/** 排行 — every unit with its scores, state, pass/fail and the rate behind each item; 晋级准备 beside it. */
export default function LeaguePage() {
  const { year, town, set } = useDashboardParams();
  const league = useLeague({ year, town });
  const readiness = useReadiness({ year, town });
  if (league.isError) return <Alert type="error" title="排行加载失败" description={league.error.message} />;
  const l = league.data;
  if (!l) return <Skeleton active />;
  const currentYear = Math.max(new Date().getFullYear(), l.year);
  const towns = uniq(l.rows.map((r) => r.townName));
  return (
    <PageContainer
      title={`${l.year}年度排行`}
      extra={
        <DashboardFilters year={year} town={town} towns={null} currentYear={currentYear} onChange={set} />
      }
    >
      <Tabs
        items={[
          {
            key: 'league',
            label: '得分与指标',
            children: (
              <>
                {l.year < new Date().getFullYear() && (
                  <Typography.Paragraph type="secondary" data-testid="league-past-note">
                    {l.year}年度列出当年参加考核、或当年已有登记数据的村（社区）{l.rows.length}{' '}
                    个；其余未考核。
                  </Typography.Paragraph>
                )}
                <Table<LeagueRow>
                  data-testid="league-table"
                  size="small"
                  rowKey="unit"
                  dataSource={l.rows}
                  pagination={{ pageSize: 50, showSizeChanger: false }}
                  scroll={{ x: 'max-content' }}
                  columns={[
                    { title: '名次', key: 'rank', width: 56, render: (_, __, i) => i + 1 },
                    {
                      title: '村（社区）',
                      dataIndex: 'name',
                      fixed: 'left',
                      render: (name: string, r) => (
                        <Link to={`/assessments/${r.unit}/${l.year}`}>{name}</Link>
                      ),
                    },
                    {
                      title: '镇（街道）',
                      dataIndex: 'townName',
                      filters: towns,
                      onFilter: (v, r) => r.townName === v,
                    },
                    {
                      title: '类别',
                      dataIndex: 'kind',
                      render: (k: string) => KIND_LABELS[k] ?? k,
                      filters: uniq(l.rows.map((r) => KIND_LABELS[r.kind] ?? r.kind)),
                      onFilter: (v, r) => (KIND_LABELS[r.kind] ?? r.kind) === v,
                    },
                    {
                      title: '计算得分',
                      dataIndex: 'total',
                      sorter: (a, b) => a.total - b.total,
                      defaultSortOrder: 'descend',
                    },
                    {
                      title: '自评',
                      dataIndex: 'selfTotal',
                      sorter: (a, b) => (a.selfTotal ?? -1) - (b.selfTotal ?? -1),
                      render: (v: number | null) => v ?? '—',
                    },
                    { title: '初核', dataIndex: 'townTotal', render: (v: number | null) => v ?? '—' },
                    {
                      title: '考核',
                      dataIndex: 'districtTotal',
                      sorter: (a, b) => (a.districtTotal ?? -1) - (b.districtTotal ?? -1),
                      render: (v: number | null) => v ?? '—',
                    },
                    {
                      title: '状态',
                      dataIndex: 'stateLabel',
                      filters: uniq(l.rows.map((r) => r.stateLabel)),
                      onFilter: (v, r) => r.stateLabel === v,
                    },
                    {
                      title: '达标',
                      dataIndex: 'passed',
                      filters: [
                        { text: '达标', value: true },
                        { text: '未达标', value: false },
                      ],
                      onFilter: (v, r) => r.passed === v,
                      render: (p: boolean) => <Tag color={p ? 'green' : 'red'}>{p ? '达标' : '未达标'}</Tag>,
                    },
                    { title: '首次验收', dataIndex: 'acceptedYear', render: (y: number | null) => y ?? '—' },
                    ...INDICATOR_KEYS.map((k) => ({
                      title: INDICATOR_LABELS[k],
                      key: k,
                      sorter: (a: LeagueRow, b: LeagueRow) =>
                        (a.indicators[k].rate ?? 2) - (b.indicators[k].rate ?? 2),
                      render: (_: unknown, r: LeagueRow) => (
                        <span title={`${r.indicators[k].numerator}/${r.indicators[k].denominator}`}>
                          {indicatorText(r.indicators[k])}
                        </span>
                      ),
                    })),
                    ...l.items.map((it, i) => ({
                      title: `${it.no}（${it.max}）`,
                      key: `item${it.no}`,
                      render: (_: unknown, r: LeagueRow) => (
                        <span style={{ color: (r.itemScores[i] ?? it.max) < it.max ? '#cf1322' : undefined }}>
                          {r.itemScores[i] ?? '—'}
                        </span>
                      ),
                    })),
                  ]}
                />
              </>
            ),
          },
          {
            key: 'readiness',
            label: '晋级准备',
            children: (
              <>
                <Typography.Paragraph type="secondary">
                  已验收的村（社区）按“{readiness.data?.profile.name ?? '省级星级'}
                  ”标准计算，列出尚未达到的项目。
                </Typography.Paragraph>
                <Table
                  data-testid="readiness-table"
                  size="small"
                  rowKey="unit"
                  loading={readiness.isLoading}
                  dataSource={readiness.data?.rows ?? []}
                  scroll={{ x: 'max-content' }}
                  columns={[
                    {
                      title: '村（社区）',
                      dataIndex: 'name',
                      render: (n: string, r) => <Link to={`/assessments/${r.unit}/${l.year}`}>{n}</Link>,
                    },
                    { title: '镇（街道）', dataIndex: 'townName' },
                    { title: '验收年度', dataIndex: 'acceptedYear' },
                    { title: '星级标准得分', dataIndex: 'starTotal', render: (v: number | null) => v ?? '—' },
                    {
                      title: '星级',
                      dataIndex: 'starPassed',
                      render: (p: boolean | null) =>
                        p === null ? (
                          '—'
                        ) : (
                          <Tag color={p ? 'green' : 'orange'}>{p ? '可申报' : '尚有差距'}</Tag>
                        ),
                    },
                    {
                      title: '尚缺',
                      dataIndex: 'missing',
                      render: (m: string[]) => (m.length ? m.slice(0, 4).join('；') : '无'),
                    },
                  ]}
                />
              </>
            ),
          },
        ]}
      />
    </PageContainer>
  );
}
