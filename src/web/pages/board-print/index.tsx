import { PrinterOutlined } from '@ant-design/icons';
import { Button, Empty, Result, Skeleton } from 'antd';
import { useNavigate, useSearchParams } from 'react-router';
import { payLabel, requirementLabel } from '../../../domain/vacancy-text.ts';
import { useBoard } from '../../api/services-hooks.ts';
import { chineseDate } from '../../assessment/workflow.ts';
import '../assessment-print/print.css';
import './board-print.css';

/**
 * 信息发布栏 on paper: the unit's open vacancies on a date as the sheet pinned up at the village's service
 * station — the same columns and wording as the downloadable workbook, on A4 landscape (no menu; the toolbar
 * hides in print).
 */
export default function BoardPrintPage() {
  const [params] = useSearchParams();
  const unit = params.get('unit');
  const date = params.get('date') ?? '';
  const board = useBoard(unit, date);
  const navigate = useNavigate();
  const back = () => navigate(unit ? `/board?unit=${unit}` : '/board');

  if (!unit)
    return (
      <Result
        status="info"
        title="请先在岗位信息页选择单位"
        extra={<Button onClick={back}>返回岗位信息</Button>}
      />
    );
  if (board.error)
    return (
      <Result
        status="404"
        title="未找到该单位，或无权查看"
        subTitle={board.error.message}
        extra={<Button onClick={back}>返回岗位信息</Button>}
      />
    );
  if (board.isPending) return <Skeleton active style={{ padding: 24 }} />;
  const b = board.data;
  const people = b.items.reduce((n, v) => n + v.headcount, 0);

  return (
    <div className="print-page">
      <div className="print-toolbar">
        <Button onClick={back}>返回岗位信息</Button>
        <Button type="primary" icon={<PrinterOutlined />} onClick={() => window.print()}>
          打印
        </Button>
      </div>
      <div className="print-sheet board-sheet" data-testid="board-print-sheet">
        <h1>{b.unit.name} 就业信息发布栏</h1>
        <div className="print-head">
          <span>发布日期：{chineseDate(b.date)}</span>
          <span data-testid="board-print-total">
            在招岗位 {b.items.length} 个，共需 {people} 人
          </span>
        </div>
        {b.items.length === 0 ? (
          <Empty description="暂无在招岗位" />
        ) : (
          <div className="print-scroll">
            <table className="print-table board-table">
              <colgroup>
                <col style={{ width: '4%' }} />
                <col style={{ width: '15%' }} />
                <col style={{ width: '10%' }} />
                <col style={{ width: '5%' }} />
                <col style={{ width: '12%' }} />
                <col style={{ width: '10%' }} />
                <col style={{ width: '18%' }} />
                <col style={{ width: '9%' }} />
                <col style={{ width: '10%' }} />
                <col style={{ width: '7%' }} />
              </colgroup>
              <thead>
                <tr>
                  <th>序号</th>
                  <th>用工单位</th>
                  <th>招聘岗位</th>
                  <th>人数</th>
                  <th>薪酬待遇</th>
                  <th>工作地点</th>
                  <th>岗位要求</th>
                  <th>有效期至</th>
                  <th>联系方式</th>
                  <th>信息来源</th>
                </tr>
              </thead>
              <tbody>
                {b.items.map((v, i) => (
                  <tr key={v.id}>
                    <td className="c">{i + 1}</td>
                    <td>{v.employer}</td>
                    <td>{v.post}</td>
                    <td className="c">{v.headcount}</td>
                    <td>{payLabel(v)}</td>
                    <td>{v.place ?? ''}</td>
                    <td>{requirementLabel(v)}</td>
                    <td className="c">{v.validUntil ?? '长期'}</td>
                    <td>{v.contact ?? ''}</td>
                    <td>{v.source ?? v.unitName}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <p className="print-notes">
          有求职意向的居民，请到村（社区）劳动保障服务站登记，工作人员将为您推荐岗位。
        </p>
      </div>
    </div>
  );
}
