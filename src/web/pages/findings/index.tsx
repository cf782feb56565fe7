import { Alert, Card, DatePicker, Empty, Flex, List, Skeleton, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { Link, useSearchParams } from 'react-router';
import { useMe, useUnits } from '../../api/hooks.ts';
import { useFindings, type Finding } from '../../api/register.ts';
import { PageContainer } from '../../components/PageContainer.tsx';
import { afterToday, todayIso } from '../../register/labels.ts';
import { UnitPicker } from '../../units/UnitPicker.tsx';

/** 扣分项 first, then 提示; within each, in the server's order. */
export function groupFindings(findings: readonly Finding[]): { findings: Finding[]; warnings: Finding[] } {
  return {
    findings: findings.filter((f) => f.severity === 'finding'),
    warnings: findings.filter((f) => f.severity === 'warning'),
  };
}

function FindingItem({ f }: { f: Finding }) {
  const finding = f.severity === 'finding';
  return (
    <List.Item
      className={finding ? 'finding-row' : 'warning-row'}
      data-testid={finding ? 'finding' : 'warning'}
    >
      <Flex vertical gap={2} style={{ width: '100%' }}>
        <Typography.Text type={finding ? 'danger' : 'warning'}>{f.message}</Typography.Text>
        <Flex wrap gap={8}>
          {f.person && (
            <Link to={`/persons/${f.person.id}`}>
              {f.person.name} <span className="mono">{f.person.idMasked}</span> → 去修正
            </Link>
          )}
          {!f.person && f.householdId !== null && (
            <Link to={`/households/${f.householdId}`}>查看该户 → 去修正</Link>
          )}
        </Flex>
      </Flex>
    </List.Item>
  );
}

/**
 * 数据质量: what the register says is wrong for one village on one date. 扣分项 cost points in the assessment
 * (DOMAIN.md §5 item 5) and are shown first, in red; 提示 are worth a look but cost nothing.
 */
export default function FindingsPage() {
  const [params, setParams] = useSearchParams();
  const me = useMe().data;
  const units = useUnits();
  const villages = (units.data ?? []).filter((u) => u.kind === 'village' || u.kind === 'community');
  const own = villages.find((u) => u.code === me?.user.unitCode);
  const unit = params.get('unit') ?? own?.code ?? (villages.length === 1 ? villages[0]!.code : null);
  const date = params.get('date') ?? todayIso();
  const result = useFindings(unit, date);
  const set = (k: string, v: string | null) => {
    const next = new URLSearchParams(params);
    if (v) next.set(k, v);
    else next.delete(k);
    setParams(next, { replace: true });
  };
  const unitName = villages.find((u) => u.code === unit)?.name;
  const grouped = groupFindings(result.data?.findings ?? []);

  return (
    <PageContainer title="数据质量">
      <Card size="small" style={{ marginBottom: 12 }}>
        <Flex wrap gap={8} align="center">
          {villages.length > 1 && (
            <div style={{ flex: '1 1 220px', maxWidth: 340 }}>
              <UnitPicker
                kinds={['village', 'community']}
                value={unit}
                onChange={(c) => set('unit', c)}
                placeholder="选择村（社区）"
              />
            </div>
          )}
          {villages.length <= 1 && unitName && <Typography.Text strong>{unitName}</Typography.Text>}
          <DatePicker
            value={dayjs(date)}
            allowClear={false}
            disabledDate={afterToday}
            onChange={(d) => set('date', d ? d.format('YYYY-MM-DD') : null)}
            aria-label="检查日期"
          />
        </Flex>
      </Card>
      {!unit ? (
        <Empty description="请选择一个村（社区）查看数据质量问题" />
      ) : result.isPending ? (
        <Skeleton active />
      ) : result.isError ? (
        <Alert type="error" showIcon title="加载失败" description={result.error.message} />
      ) : (
        <Flex vertical gap={16}>
          <Card
            size="small"
            title={
              <span>
                扣分项 <Tag color={grouped.findings.length ? 'red' : 'green'}>{grouped.findings.length}</Tag>
              </span>
            }
            data-testid="findings-card"
          >
            <Typography.Paragraph type="secondary" style={{ marginTop: 0 }}>
              以下问题在考核“台账规范”一项中扣分，请逐条修正。
            </Typography.Paragraph>
            {grouped.findings.length ? (
              <List size="small" dataSource={grouped.findings} renderItem={(f) => <FindingItem f={f} />} />
            ) : (
              <Typography.Text type="success">未发现扣分问题。</Typography.Text>
            )}
          </Card>
          <Card
            size="small"
            title={
              <span>
                提示 <Tag color={grouped.warnings.length ? 'gold' : 'default'}>{grouped.warnings.length}</Tag>
              </span>
            }
          >
            {grouped.warnings.length ? (
              <List size="small" dataSource={grouped.warnings} renderItem={(f) => <FindingItem f={f} />} />
            ) : (
              <Typography.Text type="secondary">没有需要留意的提示。</Typography.Text>
            )}
          </Card>
        </Flex>
      )}
    </PageContainer>
  );
}
