import { DeleteOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import {
  Alert,
  Button,
  Card,
  DatePicker,
  Empty,
  Flex,
  Form,
  Input,
  InputNumber,
  List,
  Modal,
  Popconfirm,
  Segmented,
  Select,
  Skeleton,
  Tag,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { can } from '../../../domain/access.ts';
import { ACTIVITY_KINDS, PUBLICITY_CHANNELS } from '../../../domain/service-records.ts';
import { isApiError } from '../../api/client.ts';
import { useMe } from '../../api/hooks.ts';
import {
  useActivities,
  useDeleteActivity,
  useSaveActivity,
  type Activity,
} from '../../api/services-hooks.ts';
import { PageContainer } from '../../components/PageContainer.tsx';
import { useShowError } from '../../error-policy.ts';
import { afterToday } from '../../register/labels.ts';
import { EvidenceFiles } from '../../services/EvidenceFiles.tsx';

interface ActivityValues {
  kind?: (typeof ACTIVITY_KINDS)[number];
  channel?: string;
  title?: string;
  date?: Dayjs | null;
  organiser?: string;
  participants?: number | null;
  audience?: string;
  note?: string;
}

function ActivityModal({
  open,
  activity,
  onClose,
}: {
  open: boolean;
  activity: Activity | null;
  onClose: () => void;
}) {
  const [form] = Form.useForm<ActivityValues>();
  const kind = Form.useWatch('kind', form);
  const save = useSaveActivity();
  const showError = useShowError();
  useEffect(() => {
    if (!open) return;
    form.resetFields();
    form.setFieldsValue(
      activity
        ? {
            kind: activity.kind as ActivityValues['kind'],
            channel: activity.channel ?? undefined,
            title: activity.title,
            date: dayjs(activity.date),
            organiser: activity.organiser ?? undefined,
            participants: activity.participants,
            audience: activity.audience ?? undefined,
            note: activity.note ?? undefined,
          }
        : { kind: '宣传动员', date: dayjs() },
    );
  }, [open, activity, form]);

  const submit = (v: ActivityValues) => {
    const body = {
      channel: v.kind === '宣传动员' ? v.channel : undefined,
      title: v.title?.trim() ?? '',
      date: v.date?.format('YYYY-MM-DD'),
      organiser: v.organiser?.trim() || undefined,
      participants: v.participants ?? undefined,
      audience: v.audience?.trim() || undefined,
      note: v.note?.trim() || undefined,
    };
    save.mutate(
      activity
        ? { id: activity.id, body: { ...body, version: activity.version } }
        : { body: { ...body, kind: v.kind } },
      {
        onSuccess: onClose,
        onError: (e) => {
          if (isApiError(e) && e.code === 'VALIDATION' && e.details.length) {
            form.setFields(
              e.details.map((d) => ({ name: d.path as keyof ActivityValues, errors: [d.message] })),
            );
          }
          showError(e);
        },
      },
    );
  };

  return (
    <Modal
      open={open}
      title={activity ? '修改活动' : '登记宣传动员或业务培训'}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText="保存"
      cancelText="取消"
      confirmLoading={save.isPending}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" onFinish={submit} requiredMark="optional">
        <Form.Item name="kind" label="类别" rules={[{ required: true }]}>
          <Segmented
            block
            disabled={!!activity}
            options={ACTIVITY_KINDS.map((k) => ({ value: k, label: k }))}
          />
        </Form.Item>
        {kind === '宣传动员' && (
          <Form.Item name="channel" label="宣传方式">
            <Select allowClear options={PUBLICITY_CHANNELS.map((c) => ({ value: c, label: c }))} />
          </Form.Item>
        )}
        <Form.Item
          name="title"
          label="名称"
          rules={[{ required: true, whitespace: true, message: '请填写名称' }]}
        >
          <Input maxLength={100} placeholder="如：创建充分就业村（社区）动员大会" />
        </Form.Item>
        <Form.Item name="date" label="日期" rules={[{ required: true, message: '请选择日期' }]}>
          <DatePicker style={{ width: '100%' }} disabledDate={afterToday} />
        </Form.Item>
        <Form.Item name="organiser" label="组织单位">
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="participants" label="参加人数">
          <InputNumber min={0} precision={0} style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="audience" label="参加对象">
          <Input maxLength={200} placeholder="如：各村（社区）劳动保障协理员" />
        </Form.Item>
        <Form.Item name="note" label="说明">
          <Input.TextArea maxLength={2000} autoSize={{ minRows: 2, maxRows: 6 }} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/**
 * 镇区活动: publicity campaigns (动员大会, media, online, bulletin columns) and training sessions for village
 * staff held by a town or the district (document 四(三)(四)), with photos and sign-in sheets.
 */
export default function ActivitiesPage() {
  const me = useMe().data;
  const thisYear = dayjs().year();
  const [year, setYear] = useState(thisYear);
  const list = useActivities(null, year);
  const writable = !!me && can(me.user.role, 'activity:write');
  const [modal, setModal] = useState<{ activity: Activity | null } | null>(null);
  const del = useDeleteActivity();

  return (
    <PageContainer
      title="镇区活动"
      extra={
        writable && (
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => setModal({ activity: null })}
            data-testid="activity-add"
          >
            登记活动
          </Button>
        )
      }
    >
      <Card size="small" style={{ marginBottom: 12 }}>
        <Flex gap={8} align="center" wrap>
          <Select
            value={year}
            onChange={setYear}
            options={[thisYear, thisYear - 1, thisYear - 2].map((y) => ({ value: y, label: `${y}年` }))}
            aria-label="年度"
            style={{ width: 100 }}
          />
          <Typography.Text type="secondary">宣传动员与业务培训（镇（街道）和区组织）</Typography.Text>
        </Flex>
      </Card>
      {list.isPending ? (
        <Skeleton active />
      ) : list.isError ? (
        <Alert type="error" showIcon title="加载失败" description={list.error.message} />
      ) : list.data.items.length === 0 ? (
        <Empty description={`${year}年尚无宣传动员或业务培训记录`} />
      ) : (
        <Card size="small">
          <List
            dataSource={list.data.items}
            renderItem={(a) => (
              <List.Item data-testid="activity" style={{ paddingInline: 0 }}>
                <Flex vertical gap={4} style={{ width: '100%', minWidth: 0 }}>
                  <Flex justify="space-between" wrap gap={8} align="center">
                    <span>
                      <Tag color={a.kind === '宣传动员' ? 'orange' : 'blue'}>{a.kind}</Tag>
                      {a.channel && <Tag>{a.channel}</Tag>}
                      <Typography.Text strong>{a.title}</Typography.Text>
                    </span>
                    {writable && (
                      <Flex gap={4}>
                        <Button
                          size="small"
                          icon={<EditOutlined />}
                          onClick={() => setModal({ activity: a })}
                        >
                          修改
                        </Button>
                        <Popconfirm
                          title="删除这条活动？"
                          okText="删除"
                          cancelText="取消"
                          onConfirm={() => del.mutate(a)}
                        >
                          <Button size="small" danger icon={<DeleteOutlined />} aria-label="删除" />
                        </Popconfirm>
                      </Flex>
                    )}
                  </Flex>
                  <Typography.Text type="secondary">
                    {a.date} · {a.unitName}
                    {a.organiser ? ` · ${a.organiser}` : ''}
                    {a.participants !== null ? ` · ${a.participants} 人参加` : ''}
                    {a.audience ? ` · 对象：${a.audience}` : ''}
                  </Typography.Text>
                  {a.note && <Typography.Text type="secondary">{a.note}</Typography.Text>}
                  <EvidenceFiles
                    files={a.files}
                    uploadPath={`/api/activities/${a.id}/files`}
                    writable={writable}
                    activityId={a.id}
                  />
                </Flex>
              </List.Item>
            )}
          />
        </Card>
      )}
      <ActivityModal open={!!modal} activity={modal?.activity ?? null} onClose={() => setModal(null)} />
    </PageContainer>
  );
}
