import { CheckCircleFilled, CloseCircleFilled, ToolOutlined } from '@ant-design/icons';
import { Button, Card, Collapse, Flex, List, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { Link } from 'react-router';
import type { EvidenceView, ScorecardView } from '../../api/assessment.ts';
import { evidenceLink, fixLink, groupsOf } from './workflow.ts';

type Row = ScorecardView['rows'][number];
type Item = ScorecardView['result']['items'][number];
type Outcome = ScorecardView['result']['outcomes'][number];

const dash = <Typography.Text type="secondary">—</Typography.Text>;
const cell = (n: number | null) => (n === null ? dash : n);

function EvidenceEntry({ e, unit, year }: { e: EvidenceView; unit: string; year: number }) {
  const to = evidenceLink(e, unit, year);
  const text = (
    <>
      {e.label}
      {e.maskedId && (
        <span className="mono" style={{ marginInlineStart: 6, color: 'rgba(0,0,0,0.55)' }}>
          {e.maskedId}
        </span>
      )}
    </>
  );
  return to ? (
    <Link to={to} data-testid="evidence-link">
      {text}
    </Link>
  ) : (
    <span>{text}</span>
  );
}

/** The people, households or records behind a deduction or an outcome, each linking to where it is fixed. */
export function EvidenceList({
  evidence,
  unit,
  year,
}: {
  evidence: EvidenceView[];
  unit: string;
  year: number;
}) {
  if (!evidence.length) return null;
  return (
    <List
      size="small"
      dataSource={evidence}
      rowKey={(e) => `${e.kind}-${e.id}-${e.label}`}
      pagination={evidence.length > 10 ? { pageSize: 10, size: 'small', showSizeChanger: false } : false}
      renderItem={(e) => (
        <List.Item style={{ paddingInline: 0, paddingBlock: 4 }}>
          <EvidenceEntry e={e} unit={unit} year={year} />
        </List.Item>
      )}
    />
  );
}

/** One item's deductions with their evidence and, where a record is missing, the page that records it. */
export function Deductions({
  item,
  unit,
  year,
  canFix,
}: {
  item: Item | undefined;
  unit: string;
  year: number;
  canFix: boolean;
}) {
  if (!item) return null;
  return (
    <Flex vertical gap={8} data-testid={`deductions-${item.no}`}>
      {item.deductions.length === 0 && <Typography.Text type="success">本项未扣分。</Typography.Text>}
      {item.deductions.map((d, i) => {
        const fix = canFix ? fixLink(d, unit, year) : null;
        return (
          <div key={`${d.code}-${i}`} className="finding-row" data-testid="deduction">
            <Flex wrap gap={8} align="center">
              <Tag color="red" style={{ marginInlineEnd: 0 }}>
                −{d.points} 分
              </Tag>
              <Typography.Text>{d.reason}</Typography.Text>
              {fix && (
                <Link to={fix.to} data-testid="fix-link">
                  <Button size="small" icon={<ToolOutlined />}>
                    {fix.label}
                  </Button>
                </Link>
              )}
            </Flex>
            {d.evidence.length > 0 &&
              (d.evidence.length > 3 ? (
                <Collapse
                  size="small"
                  ghost
                  items={[
                    {
                      key: 'e',
                      label: `涉及 ${d.evidence.length} 条（点击展开）`,
                      children: <EvidenceList evidence={d.evidence} unit={unit} year={year} />,
                    },
                  ]}
                />
              ) : (
                <EvidenceList evidence={d.evidence} unit={unit} year={year} />
              ))}
          </div>
        );
      })}
      {item.notes.map((n) => (
        <Typography.Text key={n} type="secondary" style={{ fontSize: 12 }}>
          {n}
        </Typography.Text>
      ))}
    </Flex>
  );
}

function ComputedCell({ r }: { r: Row }) {
  return (
    <Typography.Text strong type={r.computed < r.max ? 'danger' : undefined} data-testid={`computed-${r.no}`}>
      {r.computed}
    </Typography.Text>
  );
}

function EnteredCell({ score, note }: { score: number | null; note: string | null }) {
  return (
    <Flex vertical>
      <span>{cell(score)}</span>
      {note && (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {note}
        </Typography.Text>
      )}
    </Flex>
  );
}

/** The annex's table on a desktop: 项目 / 内容 / 标准分 / 评分标准 / 计算得分 / 自评分 / 初核分 / 考核分, rows expandable. */
export function ScoreTable({ card, canFix }: { card: ScorecardView; canFix: boolean }) {
  const items = new Map(card.result.items.map((i) => [i.no, i]));
  const groups = groupsOf(card.rows);
  const firstOf = new Map(groups.map((g) => [g.rows[0]!.no, g]));
  const columns: ColumnsType<Row> = [
    {
      title: '项目',
      key: 'group',
      width: 96,
      render: (_, r) => {
        const g = firstOf.get(r.no);
        return g ? <Typography.Text strong>{`${g.group}（${g.max}分）`}</Typography.Text> : null;
      },
    },
    { title: '内容', key: 'content', width: 260, render: (_, r) => `${r.no}.${r.content}` },
    { title: '标准分', dataIndex: 'max', width: 64, align: 'center' },
    {
      title: '评分标准',
      dataIndex: 'criteria',
      width: 250,
      render: (t: string) => <Typography.Text type="secondary">{t}</Typography.Text>,
    },
    {
      title: '计算得分',
      key: 'computed',
      width: 90,
      align: 'center',
      render: (_, r) => <ComputedCell r={r} />,
    },
    {
      title: '自评分',
      key: 'self',
      width: 96,
      align: 'center',
      render: (_, r) => <EnteredCell score={r.self} note={r.selfReason} />,
    },
    {
      title: '初核分',
      key: 'town',
      width: 96,
      align: 'center',
      render: (_, r) => <EnteredCell score={r.town} note={r.townComment} />,
    },
    {
      title: '考核分',
      key: 'district',
      width: 96,
      align: 'center',
      render: (_, r) => <EnteredCell score={r.district} note={r.districtComment} />,
    },
  ];
  return (
    <Table
      rowKey="no"
      size="small"
      bordered
      pagination={false}
      columns={columns}
      dataSource={card.rows}
      scroll={{ x: 1000 }}
      data-testid="score-table"
      expandable={{
        rowExpandable: (r) =>
          (items.get(r.no)?.deductions.length ?? 0) > 0 || (items.get(r.no)?.notes.length ?? 0) > 0,
        expandedRowRender: (r) => (
          <Deductions item={items.get(r.no)} unit={card.unit} year={card.year} canFix={canFix} />
        ),
        defaultExpandedRowKeys: card.rows.filter((r) => r.computed < r.max).map((r) => r.no),
      }}
      summary={() => (
        <Table.Summary.Row>
          <Table.Summary.Cell index={0} colSpan={3}>
            <Typography.Text strong>合计</Typography.Text>
          </Table.Summary.Cell>
          <Table.Summary.Cell index={3} align="center">
            <Typography.Text strong>{card.rows.reduce((s, r) => s + r.max, 0)}</Typography.Text>
          </Table.Summary.Cell>
          <Table.Summary.Cell index={4} />
          <Table.Summary.Cell index={5} align="center">
            <Typography.Text strong data-testid="total-computed">
              {card.totals.computed}
            </Typography.Text>
          </Table.Summary.Cell>
          <Table.Summary.Cell index={6} align="center">
            <span data-testid="total-self">{cell(card.totals.self)}</span>
          </Table.Summary.Cell>
          <Table.Summary.Cell index={7} align="center">
            <span data-testid="total-town">{cell(card.totals.town)}</span>
          </Table.Summary.Cell>
          <Table.Summary.Cell index={8} align="center">
            <span data-testid="total-district">{cell(card.totals.district)}</span>
          </Table.Summary.Cell>
        </Table.Summary.Row>
      )}
    />
  );
}

/** The same table on a phone: one card per item, grouped, deductions behind a fold. */
export function ScoreCards({ card, canFix }: { card: ScorecardView; canFix: boolean }) {
  const items = new Map(card.result.items.map((i) => [i.no, i]));
  return (
    <Flex vertical gap={12} data-testid="score-cards">
      {groupsOf(card.rows).map((g) => (
        <Flex vertical gap={8} key={g.group}>
          <Typography.Text strong>{`${g.group}（${g.max}分）`}</Typography.Text>
          {g.rows.map((r) => {
            const item = items.get(r.no);
            const lost = r.computed < r.max;
            return (
              <Card
                key={r.no}
                size="small"
                data-testid={`item-card-${r.no}`}
                title={
                  <Typography.Text style={{ whiteSpace: 'normal' }}>
                    {r.no}.{r.title}
                  </Typography.Text>
                }
                extra={
                  <Typography.Text strong type={lost ? 'danger' : undefined} data-testid={`computed-${r.no}`}>
                    {r.computed}/{r.max}
                  </Typography.Text>
                }
              >
                <Flex vertical gap={6}>
                  <Typography.Text style={{ fontSize: 13 }}>{r.content}</Typography.Text>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    评分标准：{r.criteria}
                  </Typography.Text>
                  <Flex wrap gap={6}>
                    <Tag>自评 {r.self ?? '—'}</Tag>
                    <Tag>初核 {r.town ?? '—'}</Tag>
                    <Tag>考核 {r.district ?? '—'}</Tag>
                  </Flex>
                  {[
                    r.selfReason && `自评说明：${r.selfReason}`,
                    r.townComment && `初核意见：${r.townComment}`,
                    r.districtComment && `考核意见：${r.districtComment}`,
                  ]
                    .filter(Boolean)
                    .map((t) => (
                      <Typography.Text key={t as string} type="secondary" style={{ fontSize: 12 }}>
                        {t}
                      </Typography.Text>
                    ))}
                  {item && (item.deductions.length > 0 || item.notes.length > 0) && (
                    <Collapse
                      size="small"
                      defaultActiveKey={lost ? ['d'] : []}
                      items={[
                        {
                          key: 'd',
                          label: item.deductions.length ? `扣分 ${item.deductions.length} 项` : '说明',
                          children: (
                            <Deductions item={item} unit={card.unit} year={card.year} canFix={canFix} />
                          ),
                        },
                      ]}
                    />
                  )}
                </Flex>
              </Card>
            );
          })}
        </Flex>
      ))}
      <Card size="small">
        <Flex justify="space-between" wrap gap={8}>
          <Typography.Text strong>
            合计 计算得分 <span data-testid="total-computed">{card.totals.computed}</span>/100
          </Typography.Text>
          <Typography.Text type="secondary">
            自评 {card.totals.self ?? '—'} · 初核 {card.totals.town ?? '—'} · 考核{' '}
            {card.totals.district ?? '—'}
          </Typography.Text>
        </Flex>
      </Card>
    </Flex>
  );
}

/** 创建标准 二(三): the outcome checklist, each met or not with its detail and evidence. */
export function Outcomes({ outcomes, unit, year }: { outcomes: Outcome[]; unit: string; year: number }) {
  return (
    <List
      size="small"
      dataSource={outcomes}
      data-testid="outcomes"
      renderItem={(o) => (
        <List.Item style={{ paddingInline: 0, display: 'block' }}>
          <Flex gap={8} align="start">
            {o.met ? (
              <CheckCircleFilled style={{ color: '#52c41a', marginTop: 4 }} />
            ) : (
              <CloseCircleFilled style={{ color: '#ff4d4f', marginTop: 4 }} />
            )}
            <Flex vertical style={{ minWidth: 0, flex: 1 }}>
              <Typography.Text>{o.text}</Typography.Text>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {o.met ? '已达到' : '未达到'}：{o.detail}
              </Typography.Text>
              {o.evidence.length > 0 && (
                <Collapse
                  size="small"
                  ghost
                  items={[
                    {
                      key: 'e',
                      label: `涉及 ${o.evidence.length} 条`,
                      children: <EvidenceList evidence={o.evidence} unit={unit} year={year} />,
                    },
                  ]}
                />
              )}
            </Flex>
          </Flex>
        </List.Item>
      )}
    />
  );
}
