import { PrinterOutlined } from '@ant-design/icons';
import { Button, Result, Skeleton } from 'antd';
import { useNavigate, useParams } from 'react-router';
import { useScorecard } from '../../api/assessment-hooks.ts';
import { chineseDate, groupsOf } from '../../assessment/workflow.ts';
import './print.css';

const NOTE =
  '说明：失业人员均被组织在积极的就业准备中指有劳动能力和就业愿望的失业人员均被组织在求职活动、就业指导和职业培训等准备中。';

/**
 * 附件 创建充分就业村（社区）考核评分标准表, filled for one unit and year, ready for A4 paper (no menu, no header;
 * the toolbar hides in print). The same columns and numbers as the scorecard and the server's .xlsx.
 */
export default function AssessmentPrintPage() {
  const { unit = '', year: yearParam = '' } = useParams();
  const year = Number(yearParam);
  const card = useScorecard(unit, year, null);
  const navigate = useNavigate();

  if (card.error)
    return (
      <Result
        status="404"
        title="未找到该村（社区），或无权查看"
        subTitle={card.error.message}
        extra={<Button onClick={() => navigate('/assessments')}>返回考核验收</Button>}
      />
    );
  if (card.isPending) return <Skeleton active style={{ padding: 24 }} />;
  const c = card.data;
  const cell = (n: number | null) => (n === null ? '' : n);

  return (
    <div className="print-page">
      <div className="print-toolbar">
        <Button onClick={() => navigate(`/assessments/${c.unit}/${c.year}`)}>返回评分表</Button>
        <Button type="primary" icon={<PrinterOutlined />} onClick={() => window.print()}>
          打印
        </Button>
      </div>
      <div className="print-sheet" data-testid="print-sheet">
        <h1>创建充分就业村（社区）考核评分标准表</h1>
        <div className="print-head">
          <span data-testid="print-unit">
            推荐申报村（社区）：{c.townName ?? ''}
            {c.name}
          </span>
          <span>申报日期：{chineseDate(c.report.submittedAt)}</span>
        </div>
        <div className="print-scroll">
          <table className="print-table">
            <colgroup>
              <col style={{ width: '11%' }} />
              <col style={{ width: '33%' }} />
              <col style={{ width: '7%' }} />
              <col style={{ width: '35%' }} />
              <col style={{ width: '7%' }} />
              <col style={{ width: '7%' }} />
            </colgroup>
            <thead>
              <tr>
                <th>项目</th>
                <th>内容</th>
                <th>标准分</th>
                <th>评分标准</th>
                <th>自评分</th>
                <th>考核分</th>
              </tr>
            </thead>
            <tbody>
              {groupsOf(c.rows).flatMap((g) =>
                g.rows.map((r, i) => (
                  <tr key={r.no} data-testid={`print-row-${r.no}`}>
                    {i === 0 && (
                      <td className="c" rowSpan={g.rows.length}>
                        {g.group}
                        <br />（{g.max}分）
                      </td>
                    )}
                    <td>
                      {r.no}.{r.content}
                    </td>
                    <td className="c">{r.max}</td>
                    <td>{r.criteria}</td>
                    <td className="c" data-testid={`print-self-${r.no}`}>
                      {cell(r.self)}
                    </td>
                    <td className="c" data-testid={`print-district-${r.no}`}>
                      {cell(r.district)}
                    </td>
                  </tr>
                )),
              )}
              <tr>
                <td className="c" colSpan={2}>
                  <b>合计</b>
                </td>
                <td className="c">
                  <b>{c.rows.reduce((s, r) => s + r.max, 0)}</b>
                </td>
                <td />
                <td className="c" data-testid="print-self-total">
                  <b>{cell(c.totals.self)}</b>
                </td>
                <td className="c" data-testid="print-district-total">
                  <b>{cell(c.totals.district)}</b>
                </td>
              </tr>
            </tbody>
          </table>
        </div>
        <div className="print-notes">
          <div data-testid="print-computed">
            系统计算得分：{c.totals.computed} 分（{c.result.passed ? '达标' : '未达标'}；考核标准{' '}
            {c.result.profile} 版本 {c.result.profileVersion}，统计截至 {c.result.asOf}
            {c.live ? '，实时计算' : '，提交时锁定'}）
            {c.totals.town !== null && `；镇（街道）初核分：${c.totals.town} 分`}
          </div>
          <div>{NOTE}</div>
        </div>
      </div>
    </div>
  );
}
