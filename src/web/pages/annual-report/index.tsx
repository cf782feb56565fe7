import { DownloadOutlined, PrinterOutlined } from '@ant-design/icons';
import { Alert, App, Button, Skeleton } from 'antd';
import { INDICATOR_KEYS, INDICATOR_LABELS, REPORT_NOTE } from '../../../api/dashboard.ts';
import { download } from '../../api/client.ts';
import { useAnnualReport } from '../../api/dashboard.ts';
import { PageContainer } from '../../components/PageContainer.tsx';
import { pct } from '../../dashboard/charts.ts';
import { DashboardFilters, KIND_LABELS, useDashboardParams } from '../../dashboard/filters.tsx';
import './report.css';

/**
 * 报表 — the annual summary of the district or a town for any year, print-ready (A4 landscape) and as xlsx.
 * Aggregates only: no personal number appears, so there is nothing to unmask.
 */
export default function AnnualReportPage() {
  const { message } = App.useApp();
  const { year, town, set } = useDashboardParams();
  const report = useAnnualReport({ year, town });
  if (report.isError) return <Alert type="error" title="报表加载失败" description={report.error.message} />;
  const r = report.data;
  if (!r) return <Skeleton active />;
  const o = r.overview;
  const towns = o.scope.level === 'district' || town ? o.towns : null;
  const xlsx = async () => {
    const name = await download('/api/dashboard/report.xlsx', { year: r.year, town }, `${r.title}.xlsx`);
    message.success(`已下载：${name}`);
  };
  return (
    <PageContainer
      title="年度报表"
      extra={
        <span className="no-print" style={{ display: 'inline-flex', flexWrap: 'wrap', gap: 8 }}>
          <DashboardFilters
            year={year}
            town={town}
            towns={towns && towns.length > 1 ? towns : null}
            currentYear={Math.max(new Date().getFullYear(), r.year)}
            onChange={set}
          />
          <Button icon={<DownloadOutlined />} type="primary" onClick={() => void xlsx()}>
            下载 Excel
          </Button>
          <Button icon={<PrinterOutlined />} onClick={() => window.print()}>
            打印
          </Button>
        </span>
      }
    >
      <div className="annual-report" data-testid="annual-report">
        <h2>{r.title}</h2>
        <p>生成日期：{r.generatedOn}</p>
        <h3>一、覆盖率与目标</h3>
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th>类别</th>
                <th>已验收 / 总数</th>
                <th>覆盖率</th>
                <th>目标</th>
                <th>达标情况</th>
              </tr>
            </thead>
            <tbody>
              <tr>
                <td>充分就业社区</td>
                <td>
                  {o.coverage.community.accepted} / {o.coverage.community.total}
                </td>
                <td>{pct(o.coverage.community.rate)}</td>
                <td>
                  {o.coverage.community.target === null ? '2020年起 100%' : pct(o.coverage.community.target)}
                </td>
                <td>{o.projection.community.text}</td>
              </tr>
              <tr>
                <td>充分就业村</td>
                <td>
                  {o.coverage.village.accepted} / {o.coverage.village.total}
                </td>
                <td>{pct(o.coverage.village.rate)}</td>
                <td>
                  {o.coverage.village.target === null
                    ? '2020年起 ≥50%'
                    : `≥${pct(o.coverage.village.target)}`}
                </td>
                <td>{o.projection.village.text}</td>
              </tr>
            </tbody>
          </table>
        </div>
        <p>
          本年度验收合格 {r.accepted.length} 个；已拨付奖补 {o.awards.count} 个，共{' '}
          {o.awards.amountYuan.toLocaleString('zh-CN')} 元
          {o.awards.pending ? `，另有 ${o.awards.pending} 个待批准` : ''}。
        </p>
        {o.towns.length > 1 && (
          <>
            <h3>二、各镇（街道）</h3>
            <div className="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th>镇（街道）</th>
                    <th>单位数</th>
                    <th>社区覆盖率</th>
                    <th>村覆盖率</th>
                    <th>平均得分</th>
                    <th>达标数</th>
                  </tr>
                </thead>
                <tbody>
                  {o.towns
                    .filter((t) => t.units > 0)
                    .map((t) => (
                      <tr key={t.code}>
                        <td>{t.name}</td>
                        <td>{t.units}</td>
                        <td>{pct(t.community.rate)}</td>
                        <td>{pct(t.village.rate)}</td>
                        <td>{t.averageScore ?? '—'}</td>
                        <td>{t.passed}</td>
                      </tr>
                    ))}
                </tbody>
              </table>
            </div>
          </>
        )}
        <h3>{o.towns.length > 1 ? '三' : '二'}、本年度验收合格名单</h3>
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th>村（社区）</th>
                <th>类别</th>
                <th>镇（街道）</th>
                <th>考核分</th>
                <th>奖补</th>
              </tr>
            </thead>
            <tbody>
              {r.accepted.length === 0 && (
                <tr>
                  <td colSpan={5}>无</td>
                </tr>
              )}
              {r.accepted.map((a) => (
                <tr key={a.unit}>
                  <td>{a.name}</td>
                  <td>{KIND_LABELS[a.kind] ?? a.kind}</td>
                  <td>{a.townName}</td>
                  <td>{a.districtTotal ?? '—'}</td>
                  <td>{a.awarded ? '已拨付' : '待拨付'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <h3>{o.towns.length > 1 ? '四' : '三'}、指标</h3>
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th>范围</th>
                {INDICATOR_KEYS.map((k) => (
                  <th key={k}>{INDICATOR_LABELS[k]}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              <tr>
                <td>{o.scope.name}</td>
                {INDICATOR_KEYS.map((k) => (
                  <td key={k}>{pct(o.indicators[k].rate)}</td>
                ))}
              </tr>
              {r.townIndicators.length > 1 &&
                r.townIndicators.map((t) => (
                  <tr key={t.code}>
                    <td>{t.name}</td>
                    {INDICATOR_KEYS.map((k) => (
                      <td key={k}>{pct(t.indicators[k].rate)}</td>
                    ))}
                  </tr>
                ))}
            </tbody>
          </table>
        </div>
        <p className="report-note" data-testid="report-note">
          {REPORT_NOTE}
        </p>
      </div>
    </PageContainer>
  );
}
