import { Flex, Tag, Typography } from 'antd';
import type { ScorecardView } from '../../api/assessment.ts';

const STEPS: {
  key: keyof ScorecardView['deadlines'];
  label: string;
  late?: keyof ScorecardView['daysLate'];
}[] = [
  { key: 'townPlanDue', label: '镇实施方案报备' },
  { key: 'selfAssessmentDue', label: '村（社区）自评上报', late: 'self' },
  { key: 'townReviewDue', label: '镇（街道）初核上报', late: 'town' },
  { key: 'districtAcceptanceDue', label: '区考核验收', late: 'district' },
];

const md = (iso: string) => `${Number(iso.slice(5, 7))}月${Number(iso.slice(8, 10))}日`;

/** The document's calendar (11-25, 12-10, 12-20, 12-31) with the days late of each step, when given. */
export function Deadlines({
  deadlines,
  daysLate,
}: {
  deadlines: ScorecardView['deadlines'];
  daysLate?: ScorecardView['daysLate'];
}) {
  return (
    <Flex wrap gap={6} align="center" data-testid="deadlines">
      <Typography.Text type="secondary">时间节点：</Typography.Text>
      {STEPS.map((s) => {
        const late = s.late && daysLate ? daysLate[s.late] : null;
        return (
          <Tag key={s.key} color={late ? 'red' : 'default'} style={{ marginInlineEnd: 0 }}>
            {s.label} {md(deadlines[s.key])}前{late ? ` · 逾期${late}天` : ''}
          </Tag>
        );
      })}
    </Flex>
  );
}

/** Red “逾期 n 天” tags for a row of the list. */
export function LateTags({
  daysLate,
  quiet = false,
}: {
  daysLate: ScorecardView['daysLate'];
  quiet?: boolean;
}) {
  const parts = [
    ['自评', daysLate.self],
    ['初核', daysLate.town],
    ['验收', daysLate.district],
  ] as const;
  const late = parts.filter(([, d]) => d !== null && d > 0);
  if (!late.length) return quiet ? null : <Typography.Text type="secondary">—</Typography.Text>;
  return (
    <Flex wrap gap={4}>
      {late.map(([label, d]) => (
        <Tag key={label} color="red" style={{ marginInlineEnd: 0 }}>
          {label}逾期{d}天
        </Tag>
      ))}
    </Flex>
  );
}
