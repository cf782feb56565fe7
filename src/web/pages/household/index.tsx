import {
  Alert,
  Button,
  Card,
  DatePicker,
  Descriptions,
  Flex,
  Form,
  Input,
  List,
  Modal,
  Result,
  Skeleton,
  Tag,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { can } from '../../../domain/access.ts';
import { isApiError } from '../../api/client.ts';
import { useMe } from '../../api/hooks.ts';
import { useHousehold, useRecogniseZeroEmployment } from '../../api/register.ts';
import { PageContainer } from '../../components/PageContainer.tsx';
import { useShowError } from '../../error-policy.ts';
import { FlagTags } from '../../register/FlagTags.tsx';
import { afterToday, recognitionStatus, SEX_LABELS, todayIso } from '../../register/labels.ts';

/** 户: the members of one household and its 零就业家庭 recognitions. */
export default function HouseholdPage() {
  const { id: idParam = '' } = useParams();
  const id = Number(idParam);
  const household = useHousehold(id);
  const me = useMe().data;
  const navigate = useNavigate();
  const showError = useShowError();
  const [open, setOpen] = useState(false);
  const writable = !!me && can(me.user.role, 'resident:write');

  const notFound =
    !Number.isInteger(id) ||
    id <= 0 ||
    (isApiError(household.error) && ['NOT_FOUND', 'VALIDATION', 'FORBIDDEN'].includes(household.error.code));
  useEffect(() => {
    if (household.error && !notFound) showError(household.error);
  }, [household.error, notFound, showError]);

  if (notFound || household.error)
    return (
      <Result
        status="404"
        title="未找到该户，或无权查看"
        subTitle={notFound ? '该户不存在，或不在您的管辖范围内。' : household.error?.message}
        extra={<Button onClick={() => navigate('/ledgers/labour')}>返回台账</Button>}
      />
    );
  if (household.isPending) return <Skeleton active />;
  const h = household.data;
  const today = todayIso();
  const uneliminated = h.zeroEmployment.some((r) => !r.eliminated);

  return (
    <PageContainer
      title={`${h.unitName} · 户编号 ${h.number}`}
      extra={<Button onClick={() => navigate(-1)}>返回</Button>}
    >
      <Flex vertical gap={16}>
        {h.zeroEmploymentCandidate && (
          <Alert
            type="warning"
            showIcon
            data-testid="zero-candidate"
            title="疑似零就业家庭"
            description="本户有劳动能力和就业意愿的法定劳动年龄成员均未就业，且无经营性收入。请核实后认定。"
            action={
              writable && (
                <Button size="small" type="primary" onClick={() => setOpen(true)}>
                  认定零就业家庭
                </Button>
              )
            }
          />
        )}
        <Card size="small" title="基本情况">
          <Descriptions size="small" column={{ xs: 1, sm: 2 }}>
            <Descriptions.Item label="村（社区）">{h.unitName}</Descriptions.Item>
            <Descriptions.Item label="户编号">{h.number}</Descriptions.Item>
            <Descriptions.Item label="地址">{h.address ?? '—'}</Descriptions.Item>
            <Descriptions.Item label="经营性收入">{h.hasBusinessIncome ? '有' : '无'}</Descriptions.Item>
          </Descriptions>
        </Card>
        <Card size="small" title={`家庭成员（${h.members.length} 人）`} data-testid="members">
          <List
            size="small"
            dataSource={h.members}
            renderItem={(m) => (
              <List.Item>
                <Flex vertical gap={2} style={{ width: '100%' }}>
                  <Flex wrap gap={8} align="baseline">
                    <Link to={`/persons/${m.id}`} style={{ fontWeight: 600 }}>
                      {m.name}
                    </Link>
                    <Typography.Text type="secondary">
                      {m.relation ?? '关系未填'} · {SEX_LABELS[m.sex]} · {m.age} 岁
                    </Typography.Text>
                    <span className="mono">{m.idMasked}</span>
                  </Flex>
                  <FlagTags flags={m.flags} />
                </Flex>
              </List.Item>
            )}
          />
        </Card>
        <Card
          size="small"
          title="零就业家庭认定"
          data-testid="zero-employment"
          extra={
            writable &&
            !uneliminated && (
              <Button size="small" onClick={() => setOpen(true)}>
                认定零就业家庭
              </Button>
            )
          }
        >
          {h.zeroEmployment.length ? (
            <List
              size="small"
              dataSource={h.zeroEmployment}
              renderItem={(r) => {
                const s = recognitionStatus(r, today);
                return (
                  <List.Item>
                    <Flex wrap justify="space-between" gap={8} style={{ width: '100%' }}>
                      <span>{r.recognized} 认定</span>
                      <Tag color={s.color} style={{ marginInlineEnd: 0 }}>
                        {s.text}
                      </Tag>
                    </Flex>
                  </List.Item>
                );
              }}
            />
          ) : (
            <Typography.Text type="secondary">未认定为零就业家庭。</Typography.Text>
          )}
        </Card>
      </Flex>
      <RecogniseModal householdId={h.id} open={open} onClose={() => setOpen(false)} />
    </PageContainer>
  );
}

function RecogniseModal({
  householdId,
  open,
  onClose,
}: {
  householdId: number;
  open: boolean;
  onClose: () => void;
}) {
  const [form] = Form.useForm<{ recognized: Dayjs; note?: string }>();
  const recognise = useRecogniseZeroEmployment(householdId);
  const [failure, setFailure] = useState<string | null>(null);
  const showError = useShowError();
  const close = () => {
    setFailure(null);
    form.resetFields();
    onClose();
  };
  return (
    <Modal
      open={open}
      title="认定零就业家庭"
      okText="认定"
      onCancel={close}
      onOk={() => form.submit()}
      confirmLoading={recognise.isPending}
      destroyOnHidden
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={{ recognized: dayjs() }}
        onFinish={(v) =>
          recognise.mutate(
            {
              recognized: v.recognized.format('YYYY-MM-DD'),
              ...(v.note?.trim() ? { note: v.note.trim() } : {}),
            },
            {
              onSuccess: close,
              onError: (e) =>
                isApiError(e) && ['VALIDATION', 'CONFLICT'].includes(e.code)
                  ? setFailure(e.message)
                  : showError(e),
            },
          )
        }
      >
        <Typography.Paragraph type="secondary">
          认定后，本户成员中首次就业的日期即为消除日期；须在认定当季度末前消除。
        </Typography.Paragraph>
        <Form.Item name="recognized" label="认定日期" rules={[{ required: true, message: '请选择认定日期' }]}>
          <DatePicker disabledDate={afterToday} style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="note" label="备注" rules={[{ max: 200, message: '不能超过 200 个字' }]}>
          <Input.TextArea rows={2} maxLength={200} />
        </Form.Item>
        {failure && <Alert type="error" showIcon title={failure} />}
      </Form>
    </Modal>
  );
}
