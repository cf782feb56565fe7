import { Empty, Flex, Tag, Timeline, Typography } from 'antd';
import { ASSESSMENT_STATE_LABELS, type AssessmentStateName } from '../../api/assessment.ts';
import { ROLE_LABELS, isRole } from '../../domain/access.ts';
import { useAssessmentHistory } from '../api/assessment-hooks.ts';

const label = (s: string) => ASSESSMENT_STATE_LABELS[s as AssessmentStateName] ?? s;
const time = (iso: string) =>
  new Date(Date.parse(iso) + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');

/** 流转记录: who took each step, when, from which state to which, why, and how many days late. */
export function HistoryTimeline({ unit, year }: { unit: string; year: number }) {
  const history = useAssessmentHistory(unit, year);
  if (history.isError) return <Typography.Text type="danger">{history.error.message}</Typography.Text>;
  const transitions = history.data?.transitions ?? [];
  if (!history.isPending && transitions.length === 0) return <Empty description="尚无流转记录" />;
  return (
    <Timeline
      data-testid="history"
      items={transitions.map((t, i) => ({
        key: i,
        color:
          t.to === 'returned' || t.to === 'rejected'
            ? 'red'
            : t.to === 'awarded' || t.to === 'accepted'
              ? 'green'
              : 'blue',
        content: (
          <Flex vertical gap={2} data-testid="history-entry">
            <Flex wrap gap={6} align="center">
              <Typography.Text strong>{t.actionLabel}</Typography.Text>
              <Typography.Text type="secondary">
                {label(t.from)} → {label(t.to)}
              </Typography.Text>
              {t.daysLate > 0 && (
                <Tag color="red" style={{ marginInlineEnd: 0 }}>
                  逾期{t.daysLate}天
                </Tag>
              )}
            </Flex>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {time(t.at)} · {t.actor}
              {t.role ? `（${isRole(t.role) ? ROLE_LABELS[t.role] : t.role}）` : ''}
            </Typography.Text>
            {t.reason && <Typography.Text>{t.reason}</Typography.Text>}
          </Flex>
        ),
      }))}
    />
  );
}
