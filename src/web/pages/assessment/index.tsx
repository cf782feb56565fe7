import { DownloadOutlined, PrinterOutlined } from '@ant-design/icons';
import {
  Alert,
  Button,
  Card,
  Col,
  Descriptions,
  Flex,
  Grid,
  Result,
  Row,
  Segmented,
  Skeleton,
  Statistic,
  Tag,
  Typography,
} from 'antd';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import type { ScorecardView } from '../../../api/assessment.ts';
import { can } from '../../../domain/access.ts';
import { useProfiles, useScorecard } from '../../api/assessment-hooks.ts';
import { download, isApiError } from '../../api/client.ts';
import { useMe } from '../../api/hooks.ts';
import { Deadlines } from '../../assessment/Deadlines.tsx';
import { HistoryTimeline } from '../../assessment/HistoryTimeline.tsx';
import { Outcomes, ScoreCards, ScoreTable } from '../../assessment/ScoreTable.tsx';
import { StepActions } from '../../assessment/StepActions.tsx';
import { STATE_COLORS, beijingDate, chineseDate, waitingFor } from '../../assessment/workflow.ts';
import { PageContainer } from '../../components/PageContainer.tsx';
import { useShowError } from '../../error-policy.ts';

const DEFAULT_PROFILE = 'quangang-2016';

function Totals({ card, passScore }: { card: ScorecardView; passScore: number }) {
  const col = { xs: 12, sm: 6 };
  const dash = (n: number | null) => (n === null ? '—' : n);
  return (
    <Row gutter={[12, 12]}>
      <Col {...col}>
        <Statistic
          title="计算得分"
          value={card.totals.computed}
          suffix={
            <Tag
              color={card.result.passed ? 'green' : 'red'}
              style={{ marginInlineStart: 6 }}
              data-testid="passed-tag"
            >
              {card.result.passed ? '达标' : '未达标'}
            </Tag>
          }
          valueStyle={{ color: card.result.passed ? '#389e0d' : '#cf1322' }}
          data-testid="stat-computed"
        />
      </Col>
      <Col {...col}>
        <Statistic title="自评分" value={dash(card.totals.self)} />
      </Col>
      <Col {...col}>
        <Statistic title="初核分" value={dash(card.totals.town)} />
      </Col>
      <Col {...col}>
        <Statistic title="考核分" value={dash(card.totals.district)} />
      </Col>
      <Col span={24}>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          达标分 {passScore} 分 · 统计截至 {card.result.asOf} ·{' '}
          {card.live
            ? '按当前台账实时计算（提交自评时锁定）'
            : '自评提交时锁定的结果（之后的台账修改不影响）'}
        </Typography.Text>
      </Col>
    </Row>
  );
}

function ReportCard({ card }: { card: ScorecardView }) {
  const showError = useShowError();
  const a = card.report.attachment;
  return (
    <Descriptions size="small" column={1} bordered data-testid="report">
      <Descriptions.Item label="验收报告">
        <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 0 }}>
          {card.report.text ?? '尚未提交'}
        </Typography.Paragraph>
      </Descriptions.Item>
      <Descriptions.Item label="申报日期">
        {card.report.submittedAt ? chineseDate(card.report.submittedAt) : '—'}
      </Descriptions.Item>
      {a && (
        <Descriptions.Item label="附件">
          <Button
            size="small"
            icon={<DownloadOutlined />}
            onClick={() =>
              void download(`/api/assessments/${card.unit}/${card.year}/report-file`, {}, a.filename).catch(
                showError,
              )
            }
          >
            {a.filename}（{Math.ceil(a.size / 1024)} KB）
          </Button>
        </Descriptions.Item>
      )}
      {card.townComment && <Descriptions.Item label="镇初核意见">{card.townComment}</Descriptions.Item>}
      {card.districtComment && (
        <Descriptions.Item label="区考核意见">{card.districtComment}</Descriptions.Item>
      )}
      {card.award && (
        <Descriptions.Item label="奖补">
          {card.award.year !== card.year && `${card.award.year}年度 `}专项经费补助{' '}
          {card.award.amountFen / 100} 元 ·{' '}
          {card.award.status === 'approved' && card.award.approvedAt
            ? `已于 ${beijingDate(card.award.approvedAt)} 批准发放`
            : '已提议，待审批'}
          {card.award.recommendedUpward ? ' · 优先推荐参加市级、省级创建' : ''}
        </Descriptions.Item>
      )}
    </Descriptions>
  );
}

/**
 * 考核评分表: the annex's table for one unit and year — computed score beside 自评分 / 初核分 / 考核分, each
 * deduction with the people and records behind it, the 二(三) checklist, and the workflow step the user may take.
 */
export default function ScorecardPage() {
  const { unit = '', year: yearParam = '' } = useParams();
  const year = Number(yearParam);
  const [params, setParams] = useSearchParams();
  const profileParam = params.get('profile');
  const profile = profileParam && profileParam !== DEFAULT_PROFILE ? profileParam : null;
  const card = useScorecard(unit, year, profile);
  const profiles = useProfiles();
  const me = useMe().data;
  const mobile = !Grid.useBreakpoint().md;
  const navigate = useNavigate();
  const showError = useShowError();

  if (card.error) {
    const missing =
      isApiError(card.error) && ['NOT_FOUND', 'VALIDATION', 'FORBIDDEN'].includes(card.error.code);
    return (
      <Result
        status={missing ? '404' : 'error'}
        title={missing ? '未找到该村（社区），或无权查看' : '加载失败'}
        subTitle={card.error.message}
        extra={<Button onClick={() => navigate('/assessments')}>返回考核验收</Button>}
      />
    );
  }
  if (card.isPending || !me) return <Skeleton active />;
  const c = card.data;
  const currentProfile = profiles.data?.find((p) => p.id === c.result.profile);
  const passScore = currentProfile?.passScore ?? 85;
  const whatIf = profile !== null;
  const canFix = can(me.user.role, 'resident:write');
  const setProfile = (id: string) => {
    const next = new URLSearchParams(params);
    if (id === DEFAULT_PROFILE) next.delete('profile');
    else next.set('profile', id);
    setParams(next, { replace: true });
  };

  return (
    <PageContainer
      title={
        <Flex wrap gap={8} align="center">
          <span data-testid="scorecard-title">
            {c.name} {c.year}年度考核评分表
          </span>
          <Tag color={STATE_COLORS[c.state]} data-testid="state-tag">
            {c.stateLabel}
          </Tag>
        </Flex>
      }
      extra={
        <>
          <Link to={`/assessments/${c.unit}/${c.year}/print`} target="_blank" data-testid="print-link">
            <Button icon={<PrinterOutlined />}>打印</Button>
          </Link>
          <Button
            icon={<DownloadOutlined />}
            onClick={() =>
              void download(
                `/api/assessments/${c.unit}/${c.year}/table.xlsx`,
                {},
                `${c.name}-${c.year}-考核评分标准表.xlsx`,
              ).catch(showError)
            }
            data-testid="table-xlsx"
          >
            下载评分表
          </Button>
          <Button onClick={() => navigate(`/assessments?year=${c.year}`)}>返回列表</Button>
        </>
      }
    >
      <Flex vertical gap={12}>
        <Card size="small">
          <Flex vertical gap={12}>
            <Flex wrap gap={8} align="center" justify="space-between">
              <Typography.Text type="secondary">
                {c.townName ? `${c.townName} · ` : ''}
                {c.unit}
              </Typography.Text>
              {(profiles.data?.length ?? 0) > 1 && (
                <Segmented
                  size="small"
                  value={c.result.profile}
                  onChange={(v) => setProfile(String(v))}
                  options={(profiles.data ?? []).map((p) => ({
                    value: p.id,
                    label: p.id === DEFAULT_PROFILE ? '区级标准' : '省级星级（试算）',
                  }))}
                  data-testid="profile-switch"
                />
              )}
            </Flex>
            {whatIf && (
              <Alert
                type="info"
                showIcon
                title={`按《${currentProfile?.name ?? c.result.profile}》试算：创建上一级的准备情况`}
                description={`${currentProfile?.source ?? ''}。试算结果仅供参考，不保存、不影响本年度考核。`}
              />
            )}
            <Totals card={c} passScore={passScore} />
            <Deadlines deadlines={c.deadlines} daysLate={c.daysLate} />
          </Flex>
        </Card>

        {c.state === 'returned' && c.returnReason && (
          <Alert
            type="warning"
            showIcon
            title="镇（街道）已退回"
            description={c.returnReason}
            data-testid="return-reason"
          />
        )}

        {!whatIf && (
          <Card size="small" title="办理" data-testid="workflow">
            <Flex vertical gap={8}>
              <Typography.Text type="secondary">{waitingFor(c.state, c.award, c.year)}</Typography.Text>
              {c.award?.status === 'proposed' &&
                c.award.proposedBy === me.user.id &&
                me.user.role === 'district_approver' && (
                  <Alert type="warning" showIcon title="该奖补由您提议，须由另一位审批人批准。" />
                )}
              <StepActions card={c} user={{ id: me.user.id, role: me.user.role }} passScore={passScore} />
            </Flex>
          </Card>
        )}

        <Card size="small" title="考核评分标准表" styles={{ body: { padding: mobile ? 12 : 0 } }}>
          {mobile ? (
            <ScoreCards card={c} canFix={canFix && c.live} />
          ) : (
            <ScoreTable card={c} canFix={canFix && c.live} />
          )}
        </Card>

        <Row gutter={[12, 12]}>
          <Col xs={24} lg={12}>
            <Card size="small" title="创建标准 二（三）就业创业帮扶工作有效落实">
              <Outcomes outcomes={c.result.outcomes} unit={c.unit} year={c.year} />
            </Card>
          </Col>
          <Col xs={24} lg={12}>
            <Flex vertical gap={12}>
              <Card size="small" title="验收报告与意见">
                <ReportCard card={c} />
              </Card>
              <Card size="small" title="流转记录">
                <HistoryTimeline unit={c.unit} year={c.year} />
              </Card>
            </Flex>
          </Col>
        </Row>
      </Flex>
    </PageContainer>
  );
}
