import { UploadOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Checkbox,
  Flex,
  Form,
  Grid,
  Input,
  InputNumber,
  Modal,
  Typography,
  Upload,
  type ButtonProps,
} from 'antd';
import { useEffect, useState, type ReactNode } from 'react';
import type { ScorecardView } from '../../api/assessment.ts';
import { readAttachment, useAssessmentStep, type StepName } from '../api/assessment-hooks.ts';
import { isApiError } from '../api/client.ts';
import { useShowError } from '../error-policy.ts';
import { availableSteps, missingReasons } from './workflow.ts';
import type { Role } from '../../domain/access.ts';

type Mode = 'self' | 'forward' | 'return' | 'accept' | 'reject' | 'propose' | 'approve';

interface ScoreValues {
  /** absent in the dialogs without per-item scores (return, award) */
  items?: { score: number | null; text?: string }[];
  report?: string;
  comment?: string;
  mismatchNote?: string;
  reason?: string;
  recommendedUpward?: boolean;
  note?: string;
}

const TITLES: Record<Mode, string> = {
  self: '提交自评',
  forward: '初核转报区考核',
  return: '退回村（社区）',
  accept: '验收通过',
  reject: '验收不通过',
  propose: '提议发放奖补',
  approve: '批准发放奖补',
};

/**
 * The workflow buttons this user may press on this scorecard now, and their dialogs. The village enters its
 * 自评分 (pre-filled from the computed score), the town its 初核分, the district its 考核分.
 */
export function StepActions({
  card,
  user,
  passScore,
}: {
  card: ScorecardView;
  user: { id: number; role: Role | null };
  passScore: number;
}) {
  const steps = availableSteps(user, card);
  const [mode, setMode] = useState<Mode | null>(null);
  const button = (m: Mode, primary = true, danger = false) => (
    <Button
      key={m}
      type={primary ? 'primary' : 'default'}
      danger={danger}
      onClick={() => setMode(m)}
      data-testid={`step-${m}`}
    >
      {TITLES[m]}
    </Button>
  );
  const buttons: ReactNode[] = [];
  if (steps.includes('self')) buttons.push(button('self'));
  if (steps.includes('review')) buttons.push(button('forward'), button('return', false, true));
  if (steps.includes('decide')) buttons.push(button('accept'), button('reject', false, true));
  if (steps.includes('propose')) buttons.push(button('propose'));
  if (steps.includes('approve')) buttons.push(button('approve'));
  if (!buttons.length) return null;
  return (
    <>
      <Flex wrap gap={8}>
        {buttons}
      </Flex>
      {mode && <StepModal mode={mode} card={card} passScore={passScore} onClose={() => setMode(null)} />}
    </>
  );
}

const STEP_OF: Record<Mode, StepName> = {
  self: 'self-assess',
  forward: 'forward',
  return: 'return',
  accept: 'accept',
  reject: 'reject',
  propose: 'award/propose',
  approve: 'award/approve',
};

/** The score the dialog starts from: the previous level's score, else the computed one. */
function prefill(mode: Mode, r: ScorecardView['rows'][number]): number {
  if (mode === 'forward') return r.self ?? r.computed;
  if (mode === 'accept' || mode === 'reject') return r.town ?? r.self ?? r.computed;
  return r.computed;
}

function StepModal({
  mode,
  card,
  passScore,
  onClose,
}: {
  mode: Mode;
  card: ScorecardView;
  passScore: number;
  onClose: () => void;
}) {
  const [form] = Form.useForm<ScoreValues>();
  const step = useAssessmentStep(card.unit, card.year);
  const showError = useShowError();
  const { message } = App.useApp();
  const mobile = !Grid.useBreakpoint().md;
  const [file, setFile] = useState<File | null>(null);
  const scored = mode === 'self' || mode === 'forward' || mode === 'accept' || mode === 'reject';
  const values = Form.useWatch([], form) as ScoreValues | undefined;
  const computed = new Map(card.rows.map((r) => [r.no, r.computed]));

  useEffect(() => {
    form.setFieldsValue({
      items: card.rows.map((r) => ({ score: prefill(mode, r), text: undefined })),
      recommendedUpward: true,
      // a returned self-assessment is resubmitted: start from the report already written
      report: card.report.text ?? undefined,
    });
  }, [form, mode, card.rows, card.report.text]);

  const total = (values?.items ?? []).reduce((s, i) => s + (i?.score ?? 0), 0);

  const submit = async (v: ScoreValues) => {
    const items = card.rows.map((r, i) => ({
      no: r.no,
      score: v.items?.[i]?.score ?? 0,
      text: v.items?.[i]?.text?.trim() || undefined,
    }));
    if (mode === 'self') {
      const lacking = missingReasons(
        computed,
        items.map((i) => ({ no: i.no, score: i.score, reason: i.text })),
      );
      if (lacking.length) {
        form.setFields(
          lacking.map((no) => ({
            name: ['items', card.rows.findIndex((r) => r.no === no), 'text'],
            errors: ['自评分与计算得分不同，请说明理由'],
          })),
        );
        return;
      }
    }
    let body: Record<string, unknown>;
    const base = { version: card.version };
    const extra = { mismatchNote: v.mismatchNote?.trim() || undefined };
    switch (mode) {
      case 'self':
        body = {
          ...base,
          profile: card.result.profile,
          items: items.map((i) => ({ no: i.no, score: i.score, reason: i.text })),
          report: v.report?.trim() ?? '',
          attachment: file ? await readAttachment(file) : undefined,
        };
        break;
      case 'forward':
      case 'accept':
      case 'reject':
        body = {
          ...base,
          ...extra,
          items: items.map((i) => ({ no: i.no, score: i.score, comment: i.text })),
          comment: v.comment?.trim() || undefined,
        };
        break;
      case 'return':
        body = { ...base, ...extra, reason: v.reason?.trim() ?? '' };
        break;
      case 'propose':
        body = { ...base, recommendedUpward: v.recommendedUpward ?? true, note: v.note?.trim() || undefined };
        break;
      case 'approve':
        body = { ...base, note: v.note?.trim() || undefined };
        break;
    }
    try {
      await step.mutateAsync({ step: STEP_OF[mode], body });
      void message.success(`${TITLES[mode]}：已完成`);
      onClose();
    } catch (e) {
      if (isApiError(e) && e.code === 'VALIDATION' && e.details.length) {
        void message.error(e.details.map((d) => d.message).join('；'));
        return;
      }
      showError(e);
    }
  };

  const textLabel =
    mode === 'self' ? '理由（分数与计算得分不同时必填）' : mode === 'forward' ? '初核意见' : '考核意见';
  return (
    <Modal
      open
      title={`${TITLES[mode]} · ${card.name} ${card.year}年度`}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={TITLES[mode]}
      okButtonProps={
        { danger: mode === 'return' || mode === 'reject', 'data-testid': 'step-ok' } as ButtonProps
      }
      cancelText="取消"
      confirmLoading={step.isPending}
      width={mobile ? '100%' : scored ? 860 : 560}
      style={mobile ? { top: 8, maxWidth: 'calc(100vw - 16px)' } : undefined}
      destroyOnHidden
    >
      <Form
        form={form}
        layout="vertical"
        onFinish={(v) => void submit(v)}
        requiredMark="optional"
        data-testid="step-form"
      >
        {scored && (
          <>
            <Flex vertical gap={0} style={{ marginBottom: 8 }}>
              {card.rows.map((r, i) => (
                <Flex
                  key={r.no}
                  wrap
                  gap={8}
                  align="start"
                  style={{ borderBottom: '1px solid #f0f0f0', paddingBlock: 8 }}
                  data-testid={`score-row-${r.no}`}
                >
                  <div style={{ flex: '1 1 220px', minWidth: 0 }}>
                    <Typography.Text strong>
                      {r.no}.{r.title}
                    </Typography.Text>
                    <div>
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        标准分 {r.max} · 计算得分 {r.computed}
                        {r.self !== null && mode !== 'self' ? ` · 自评 ${r.self}` : ''}
                        {r.town !== null && (mode === 'accept' || mode === 'reject')
                          ? ` · 初核 ${r.town}`
                          : ''}
                      </Typography.Text>
                    </div>
                  </div>
                  <Form.Item
                    name={['items', i, 'score']}
                    rules={[{ required: true, message: '请填写分数' }]}
                    style={{ marginBottom: 0, width: 96 }}
                  >
                    <InputNumber
                      min={0}
                      max={r.max}
                      precision={0}
                      aria-label={`第${r.no}项分数`}
                      style={{ width: '100%' }}
                    />
                  </Form.Item>
                  <Form.Item
                    name={['items', i, 'text']}
                    style={{ marginBottom: 0, flex: '2 1 240px' }}
                    dependencies={[['items', i, 'score']]}
                    rules={
                      mode === 'self'
                        ? [
                            ({ getFieldValue }) => ({
                              validator: (_, text?: string) =>
                                getFieldValue(['items', i, 'score']) !== r.computed && !text?.trim()
                                  ? Promise.reject(new Error('自评分与计算得分不同，请说明理由'))
                                  : Promise.resolve(),
                            }),
                          ]
                        : []
                    }
                  >
                    <Input
                      maxLength={500}
                      placeholder={textLabel}
                      aria-label={`第${r.no}项${textLabel.slice(0, 2)}`}
                    />
                  </Form.Item>
                </Flex>
              ))}
            </Flex>
            <Typography.Paragraph data-testid="step-total">
              合计 <Typography.Text strong>{total}</Typography.Text> 分（计算得分 {card.totals.computed}
              ，达标分 {passScore}）
              {mode === 'accept' && total < passScore && (
                <Typography.Text type="danger">：低于达标分，不能验收通过</Typography.Text>
              )}
            </Typography.Paragraph>
          </>
        )}
        {mode === 'self' && (
          <>
            <Form.Item
              name="report"
              label="验收报告"
              rules={[{ required: true, whitespace: true, message: '请填写验收报告' }]}
            >
              <Input.TextArea
                maxLength={20000}
                autoSize={{ minRows: 3, maxRows: 10 }}
                placeholder="本年度创建工作情况、取得成效、存在问题等"
              />
            </Form.Item>
            <Form.Item label="附件（验收报告或佐证材料，pdf、doc、docx、xlsx、图片，不超过 1.5 MB）">
              <Upload
                accept=".pdf,.png,.jpg,.jpeg,.doc,.docx,.xlsx"
                maxCount={1}
                beforeUpload={(f) => {
                  setFile(f);
                  return false;
                }}
                onRemove={() => setFile(null)}
                fileList={file ? [{ uid: '1', name: file.name, status: 'done' }] : []}
              >
                <Button icon={<UploadOutlined />}>选择文件</Button>
              </Upload>
            </Form.Item>
            <Alert
              type="info"
              showIcon
              title="提交后将锁定本次计算结果，之后台账的修改不影响已提交的分数；如被退回，重新提交时将重新计算。"
            />
          </>
        )}
        {(mode === 'forward' || mode === 'accept') && (
          <Form.Item name="comment" label={mode === 'forward' ? '初核总体意见' : '验收意见'}>
            <Input.TextArea maxLength={2000} autoSize={{ minRows: 2, maxRows: 6 }} />
          </Form.Item>
        )}
        {mode === 'reject' && (
          <Form.Item
            name="comment"
            label="不合格原因"
            rules={[{ required: true, whitespace: true, message: '请填写不合格原因' }]}
          >
            <Input.TextArea maxLength={2000} autoSize={{ minRows: 2, maxRows: 6 }} />
          </Form.Item>
        )}
        {mode === 'return' && (
          <Form.Item
            name="reason"
            label="退回原因"
            rules={[{ required: true, whitespace: true, message: '请填写退回原因' }]}
          >
            <Input.TextArea maxLength={2000} autoSize={{ minRows: 3, maxRows: 8 }} />
          </Form.Item>
        )}
        {(mode === 'forward' || mode === 'return' || mode === 'accept' || mode === 'reject') && (
          <Form.Item name="mismatchNote" label="台账信息与实际情况不相符（如核实发现，填写后计入第5项扣分）">
            <Input maxLength={500} />
          </Form.Item>
        )}
        {mode === 'propose' && (
          <>
            <Typography.Paragraph>
              {card.name}验收合格，提议给予专项经费补助 20000 元。提议后须由区人社局另一位审批人批准。
            </Typography.Paragraph>
            <Form.Item name="recommendedUpward" valuePropName="checked">
              <Checkbox>优先推荐参加市级、省级充分就业村（社区）创建</Checkbox>
            </Form.Item>
            <Form.Item name="note" label="说明">
              <Input maxLength={500} />
            </Form.Item>
          </>
        )}
        {mode === 'approve' && (
          <>
            <Alert
              type="warning"
              showIcon
              style={{ marginBottom: 12 }}
              title="奖补须由提议人以外的另一人批准；批准后记入审计日志，每个村（社区）只能获得一次奖补。"
            />
            <Typography.Paragraph>
              批准向{card.name}发放专项经费补助 {(card.award?.amountFen ?? 0) / 100} 元。
            </Typography.Paragraph>
            <Form.Item name="note" label="审批意见">
              <Input maxLength={500} />
            </Form.Item>
          </>
        )}
      </Form>
    </Modal>
  );
}
