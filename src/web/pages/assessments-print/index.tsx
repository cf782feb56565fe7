import { PrinterOutlined } from '@ant-design/icons';
import { Button, Result, Skeleton } from 'antd';
import dayjs from 'dayjs';
import { useNavigate, useSearchParams } from 'react-router';
import { scopeLevelOf } from '../../../domain/access.ts';
import { useAssessmentList } from '../../api/assessment-hooks.ts';
import { useMe } from '../../api/hooks.ts';
import { summaryScope, summaryTotals } from '../../assessment/summary.ts';
import { chineseDate } from '../../assessment/workflow.ts';
import '../assessment-print/print.css';
import './summary-print.css';

/**
 * 考核汇总表 on paper: every village-level unit in the user's scope (a district user may pick one town) with its
 * computed, self, town and district scores, result, late steps and award — the list a town sends up and the
 * district files, on A4 landscape with lines to sign and stamp. The same rows as the summary workbook.
 */
export default function AssessmentSummaryPrintPage() {
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const me = useMe().data;
  const year = Number(params.get('year') ?? dayjs().year());
  const district = scopeLevelOf(me?.user.role ?? null) === 'district';
  const town = district ? params.get('town') : null;
  const list = useAssessmentList(year, town);
  const back = () => navigate(`/assessments?year=${year}${town ? `&town=${town}` : ''}`);

  if (list.error)
    return (
      <Result
        status="404"
        title="无法生成汇总表"
        subTitle={list.error.message}
        extra={<Button onClick={back}>返回考核验收</Button>}
      />
    );
  if (list.isPending || !me) return <Skeleton active style={{ padding: 24 }} />;
  const items = list.data.items;
  const scope = summaryScope(me.user, items, town);
  const totals = summaryTotals(items, year);
  const late = (d: (typeof items)[number]['daysLate']) =>
    [
      ['自评', d.self],
      ['初核', d.town],
      ['验收', d.district],
    ]
      .filter(([, n]) => n !== null && (n as number) > 0)
      .map(([label, n]) => `${label}${n}天`)
      .join('，');

  return (
    <div className="print-page">
      <div className="print-toolbar">
        <Button onClick={back}>返回考核验收</Button>
        <Button type="primary" icon={<PrinterOutlined />} onClick={() => window.print()}>
          打印
        </Button>
      </div>
      <div className="print-sheet summary-sheet" data-testid="summary-print-sheet">
        <h1>
          {year}年度创建充分就业村（社区）考核汇总表（{scope}）
        </h1>
        <div className="print-scroll">
          <table className="print-table summary-table">
            <thead>
              <tr>
                <th style={{ width: '5%' }}>序号</th>
                <th style={{ width: '10%' }}>镇（街道）</th>
                <th style={{ width: '12%' }}>村（社区）</th>
                <th style={{ width: '11%' }}>状态</th>
                <th style={{ width: '7%' }}>计算得分</th>
                <th style={{ width: '6%' }}>达标</th>
                <th style={{ width: '7%' }}>自评分</th>
                <th style={{ width: '7%' }}>初核分</th>
                <th style={{ width: '7%' }}>考核分</th>
                <th style={{ width: '16%' }}>逾期</th>
                <th style={{ width: '12%' }}>奖补（元）</th>
              </tr>
            </thead>
            <tbody>
              {items.map((it, i) => (
                <tr key={it.unit} data-testid="summary-print-row">
                  <td className="c">{i + 1}</td>
                  <td>{it.townName ?? ''}</td>
                  <td>{it.name}</td>
                  <td>{it.stateLabel}</td>
                  <td className="c">{it.computedTotal ?? '未考核'}</td>
                  <td className="c">{it.computedTotal === null ? '—' : it.passed ? '是' : '否'}</td>
                  <td className="c">{it.selfTotal ?? ''}</td>
                  <td className="c">{it.townTotal ?? ''}</td>
                  <td className="c">{it.districtTotal ?? ''}</td>
                  <td>{late(it.daysLate)}</td>
                  <td className="c">
                    {it.award
                      ? `${(it.award.amountFen / 100).toLocaleString('zh-CN')}${it.award.year !== year ? `（${it.award.year}年度）` : it.award.status === 'proposed' ? '（待审批）' : ''}`
                      : ''}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <p className="print-notes" data-testid="summary-print-totals">
          共 {items.length} 个村（社区），计算得分达标 {totals.passed} 个，验收合格 {totals.accepted}{' '}
          个，本年度批准奖补 {totals.awardedYuan.toLocaleString('zh-CN')} 元。
        </p>
        <div className="summary-sign">
          <span>填报单位（盖章）：</span>
          <span>负责人：</span>
          <span>填表日期：{chineseDate(dayjs().format('YYYY-MM-DD'))}</span>
        </div>
      </div>
    </div>
  );
}
