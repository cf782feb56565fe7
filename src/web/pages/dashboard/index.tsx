import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Flex,
  List,
  Row,
  Skeleton,
  Statistic,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useMemo } from 'react';
import { Link } from 'react-router';
import type { OverviewView } from '../../../api/dashboard.ts';
import { useOverview, useRefreshResults, useTrends } from '../../api/dashboard.ts';
import { PageContainer } from '../../components/PageContainer.tsx';
import { ChartCard } from '../../dashboard/ChartCard.tsx';
import {
  coverageChart,
  distributionChart,
  heatmapChart,
  pct,
  shortfallChart,
  trendsChart,
} from '../../dashboard/charts.ts';
import { DashboardFilters, useDashboardParams } from '../../dashboard/filters.tsx';
import { beijingTime, coverageText, scoredUnitsNote, targetLabel } from '../../dashboard/format.ts';

function CoverageStat({
  label,
  c,
  projection,
  targetYear,
}: {
  label: '社区' | '村';
  c: OverviewView['coverage']['community'];
  projection: OverviewView['projection']['community'];
  targetYear: number;
}) {
  return (
    <Card size="small" data-testid={`coverage-${label}`}>
      <Statistic
        title={`${label}覆盖率`}
        value={pct(c.rate)}
        suffix={
          <Typography.Text
            type="secondary"
            style={{ fontSize: 14 }}
          >{` ${c.accepted}/${c.total}`}</Typography.Text>
        }
      />
      <Flex wrap gap={4} style={{ marginTop: 4 }}>
        <Tag color={c.target === null ? 'default' : c.met ? 'green' : 'red'}>
          {targetLabel(label, c, targetYear)}
        </Tag>
      </Flex>
      <Typography.Paragraph type="secondary" style={{ margin: '4px 0 0', fontSize: 13 }}>
        {projection.text}
      </Typography.Paragraph>
    </Card>
  );
}

/**
 * 总览 — where the district (or a town) stands against 一、工作目标: coverage of communities and villages
 * against both targets, the projected year, the weakest town, and which items hold units back.
 */
export default function DashboardPage() {
  const { year, town, set } = useDashboardParams();
  const overview = useOverview({ year, town });
  const trends = useTrends({ town });
  const refresh = useRefreshResults();
  const { message } = App.useApp();
  const o = overview.data;
  const specs = useMemo(
    () =>
      o
        ? {
            coverage: coverageChart(o),
            distribution: distributionChart(o),
            shortfall: shortfallChart(o),
            heatmap: heatmapChart(o),
          }
        : null,
    [o],
  );
  const trendSpec = useMemo(() => (trends.data ? trendsChart(trends.data) : null), [trends.data]);
  if (overview.isError)
    return <Alert type="error" title="看板加载失败" description={overview.error.message} />;
  if (!o || !specs) return <Skeleton active />;
  const currentYear = new Date().getFullYear();
  const weakest = o.towns.find((t) => t.code === o.weakestTown);
  const districtTowns = o.scope.level === 'district' || town ? o.towns.length > 1 || town : false;
  return (
    <PageContainer
      title={`${o.scope.name} · ${o.year}年度总览`}
      extra={
        <>
          <DashboardFilters
            year={year}
            town={town}
            towns={districtTowns ? (town ? null : o.towns) : null}
            currentYear={Math.max(currentYear, o.year)}
            onChange={set}
          />
          {town && o.scope.level === 'town' && (
            <Button onClick={() => set({ town: undefined })}>返回全区</Button>
          )}
          <Link to={`/dashboard/league?year=${o.year}${town ? `&town=${town}` : ''}`}>
            <Button>排行</Button>
          </Link>
          <Link to={`/dashboard/report?year=${o.year}${town ? `&town=${town}` : ''}`}>
            <Button type="primary">年度报表</Button>
          </Link>
        </>
      }
    >
      <Row gutter={[12, 12]}>
        <Col xs={24} md={12} xl={6}>
          <CoverageStat
            label="社区"
            c={o.coverage.community}
            projection={o.projection.community}
            targetYear={o.targetYear}
          />
        </Col>
        <Col xs={24} md={12} xl={6}>
          <CoverageStat
            label="村"
            c={o.coverage.village}
            projection={o.projection.village}
            targetYear={o.targetYear}
          />
        </Col>
        <Col xs={12} md={12} xl={6}>
          <Card size="small">
            <Statistic title="本年度验收合格" value={o.acceptedThisYear} suffix="个" />
            {o.coverage.other.total > 0 && (
              <Typography.Text type="secondary">
                其他单位（不计入目标）：{o.coverage.other.accepted}/{o.coverage.other.total}
              </Typography.Text>
            )}
          </Card>
        </Col>
        <Col xs={12} md={12} xl={6}>
          <Card size="small">
            <Statistic title="本年度奖补已拨付" value={o.awards.amountYuan} suffix="元" groupSeparator="," />
            <Typography.Text type="secondary">
              {o.awards.count} 个{o.awards.pending ? `，${o.awards.pending} 个待批准` : ''}
            </Typography.Text>
          </Card>
        </Col>
      </Row>

      {weakest && (
        <Alert
          style={{ marginTop: 12 }}
          type="warning"
          showIcon
          data-testid="weakest-town"
          title={`覆盖率最低：${weakest.name}（村 ${pct(weakest.village.rate)}，社区 ${pct(weakest.community.rate)}）`}
          action={
            <Button size="small" onClick={() => set({ town: weakest.code })}>
              查看{weakest.name}
            </Button>
          }
        />
      )}

      <Row gutter={[12, 12]} style={{ marginTop: 12 }}>
        <Col xs={24} xl={12}>
          <ChartCard title="覆盖率与目标" spec={specs.coverage} testId="chart-coverage" />
        </Col>
        <Col xs={24} xl={12}>
          <ChartCard title="逐项扣分" spec={specs.shortfall} testId="chart-shortfall" />
        </Col>
        <Col xs={24} xl={12}>
          <ChartCard title="得分分布" spec={specs.distribution} testId="chart-distribution" />
        </Col>
        <Col xs={24} xl={12}>
          {trendSpec ? (
            <ChartCard title="各项指标走势" spec={trendSpec} testId="chart-trends" />
          ) : (
            <Skeleton active />
          )}
        </Col>
        {o.heatmap.towns.length > 0 && (
          <Col xs={24}>
            <ChartCard
              title="镇（街道）× 项目 失分热力图"
              spec={specs.heatmap}
              height={Math.max(240, 60 + o.heatmap.towns.length * 36)}
              testId="chart-heatmap"
            />
          </Col>
        )}
      </Row>

      <Card size="small" title="哪些项目拖后腿，拖了谁" style={{ marginTop: 12 }} data-testid="holding-back">
        <List
          dataSource={o.items.filter((i) => i.unitsLosing > 0).sort((a, b) => b.averageLost - a.averageLost)}
          locale={{ emptyText: '没有扣分项目' }}
          renderItem={(i) => (
            <List.Item>
              <Flex vertical gap={4} style={{ width: '100%' }}>
                <Typography.Text strong>
                  {i.no}.{i.title}：{i.unitsLosing} 个单位扣分，平均扣 {i.averageLost} 分
                </Typography.Text>
                <Typography.Text type="secondary">
                  {i.causes
                    .slice(0, 3)
                    .map((c) => `${c.label}（${c.units}个）`)
                    .join('；')}
                </Typography.Text>
                <Flex wrap gap={6}>
                  {i.worst.map((w) => (
                    <Link key={w.code} to={`/assessments/${w.code}/${o.year}`}>
                      <Tag>
                        {w.name} −{w.lost}
                      </Tag>
                    </Link>
                  ))}
                </Flex>
              </Flex>
            </List.Item>
          )}
        />
      </Card>

      {o.towns.length > 1 && (
        <Card size="small" title="各镇（街道）" style={{ marginTop: 12 }}>
          <Table
            size="small"
            rowKey="code"
            pagination={false}
            scroll={{ x: 'max-content' }}
            dataSource={o.towns.filter((t) => t.units > 0)}
            columns={[
              {
                title: '镇（街道）',
                dataIndex: 'name',
                render: (name: string, t) => <a onClick={() => set({ town: t.code })}>{name}</a>,
              },
              {
                title: '社区覆盖',
                render: (_, t) => coverageText(t.community),
              },
              {
                title: '村覆盖',
                render: (_, t) => coverageText(t.village),
                sorter: (a, b) => (a.village.rate ?? 0) - (b.village.rate ?? 0),
              },
              {
                title: '平均得分',
                dataIndex: 'averageScore',
                sorter: (a, b) => (a.averageScore ?? 0) - (b.averageScore ?? 0),
              },
              { title: '达标数', dataIndex: 'passed' },
              {
                title: '最弱项目',
                dataIndex: 'weakestItem',
                render: (n: number | null) =>
                  n ? `第${n}项 ${o.items.find((i) => i.no === n)?.title ?? ''}` : '—',
              },
            ]}
          />
        </Card>
      )}
      <Typography.Paragraph type="secondary" style={{ marginTop: 8, fontSize: 12 }}>
        覆盖率按验收合格（含已奖补）计，验收一经通过长期有效；“其他”类单位单列，不计入社区、村的目标。
        {scoredUnitsNote(o, currentYear)}结果计算于 {beijingTime(o.computedAt)}
        （北京时间），之后登记的数据在重新计算后计入。{' '}
        <Button
          size="small"
          type="link"
          loading={refresh.isPending}
          data-testid="refresh-results"
          onClick={() =>
            refresh.mutate(o.year, {
              onSuccess: (r) => message.success(`已重新计算 ${o.year} 年度 ${r.units} 个村（社区）`),
            })
          }
        >
          重新计算
        </Button>
      </Typography.Paragraph>
    </PageContainer>
  );
}
