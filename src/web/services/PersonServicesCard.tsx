import { CheckOutlined, DeleteOutlined, EditOutlined, PlusOutlined, TrophyOutlined } from '@ant-design/icons';
import {
  App,
  Button,
  Card,
  DatePicker,
  Empty,
  Flex,
  Form,
  Input,
  List,
  Modal,
  Popconfirm,
  Select,
  Skeleton,
  Tag,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import type { ServiceType } from '../../domain/facts.ts';
import { RECOMMENDATION_ACCEPTED } from '../../domain/service-records.ts';
import { isApiError } from '../api/client.ts';
import {
  useAcceptRecommendation,
  useDeleteService,
  useFulfilRequest,
  usePersonServices,
  useRecommend,
  useUpdateService,
  useVacancyMatches,
  type ServiceRecordView,
} from '../api/services-hooks.ts';
import { useShowError } from '../error-policy.ts';
import { afterToday } from '../register/labels.ts';
import { EvidenceFiles } from './EvidenceFiles.tsx';
import { ServiceDetailFields, showServiceFieldErrors } from './ServiceDetailFields.tsx';
import { ServiceDrawer } from './ServiceDrawer.tsx';
import type { ChosenPerson } from './ServiceEntry.tsx';
import {
  EMPLOYMENT_FORM_OPTIONS,
  TYPE_COLORS,
  describeRecord,
  recordToValues,
  toServiceUpdate,
  type ServiceFormValues,
} from './service-form.ts';

function EditModal({ record, onClose }: { record: ServiceRecordView | null; onClose: () => void }) {
  const [form] = Form.useForm<ServiceFormValues>();
  const update = useUpdateService();
  const showError = useShowError();
  if (!record) return null;
  const submit = (v: ServiceFormValues) =>
    update.mutate(
      { id: record.id, body: toServiceUpdate(record, v) },
      {
        onSuccess: onClose,
        onError: (e) => {
          if (isApiError(e) && e.code === 'VALIDATION' && showServiceFieldErrors(form, e.details)) return;
          showError(e);
        },
      },
    );
  return (
    <Modal
      open
      title={`修改${record.type}记录`}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText="保存"
      cancelText="取消"
      confirmLoading={update.isPending}
      destroyOnHidden
    >
      <Form
        form={form}
        layout="vertical"
        onFinish={submit}
        initialValues={recordToValues(record, (s) => dayjs(s))}
        requiredMark="optional"
      >
        <ServiceDetailFields type={record.type as ServiceType} form={form} editing />
      </Form>
    </Modal>
  );
}

function AcceptModal({ record, onClose }: { record: ServiceRecordView | null; onClose: () => void }) {
  const [form] = Form.useForm<{ form: string; start: Dayjs }>();
  const accept = useAcceptRecommendation();
  const { message } = App.useApp();
  if (!record) return null;
  return (
    <Modal
      open
      title="已录用：登记就业"
      onCancel={onClose}
      onOk={() => form.submit()}
      okText="登记就业"
      cancelText="取消"
      confirmLoading={accept.isPending}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">
        {record.employer} · {record.post}。保存后登记就业，并以“就业”注销失业登记。
      </Typography.Paragraph>
      <Form
        form={form}
        layout="vertical"
        initialValues={{ form: '单位就业', start: dayjs() }}
        onFinish={(v) =>
          accept.mutate(
            { record, form: v.form, start: v.start.format('YYYY-MM-DD') },
            { onSuccess: () => (void message.success('已登记就业'), onClose()) },
          )
        }
      >
        <Form.Item name="form" label="就业形式">
          <Select options={EMPLOYMENT_FORM_OPTIONS} />
        </Form.Item>
        <Form.Item
          name="start"
          label="就业日期"
          rules={[
            { required: true, message: '请选择就业日期' },
            {
              validator: (_r, v: Dayjs | null) =>
                v && v.isBefore(dayjs(record.date), 'day')
                  ? Promise.reject(new Error('就业日期不能早于推荐日期'))
                  : Promise.resolve(),
            },
          ]}
        >
          <DatePicker style={{ width: '100%' }} disabledDate={afterToday} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function ServiceItem({
  r,
  writable,
  onEdit,
  onAccept,
}: {
  r: ServiceRecordView;
  writable: boolean;
  onEdit: () => void;
  onAccept: () => void;
}) {
  const del = useDeleteService();
  const fulfil = useFulfilRequest();
  const [reason, setReason] = useState('');
  const openRequest = r.type === '服务申请' && !r.fulfilledOn;
  const acceptable =
    r.type === '推荐就业' && r.result !== RECOMMENDATION_ACCEPTED && r.employmentSpellId === null;
  const line = describeRecord(r);
  return (
    <List.Item data-testid="service-record" style={{ paddingInline: 0 }}>
      <Flex vertical gap={4} style={{ width: '100%', minWidth: 0 }}>
        <Flex wrap gap={6} align="center">
          <Tag color={TYPE_COLORS[r.type as ServiceType] ?? 'default'}>{r.type}</Tag>
          <Typography.Text>{r.date}</Typography.Text>
          <Typography.Text type="secondary">
            {r.mode ?? ''} · {r.staff ?? ''}
          </Typography.Text>
          {r.employmentSpellId !== null && <Tag color="green">已登记就业</Tag>}
          {r.fulfilledOn && <Tag color="green">{r.fulfilledOn} 已落实</Tag>}
          {openRequest && r.fulfilDaysLeft !== null && (
            <Tag color={r.fulfilDaysLeft < 0 ? 'red' : 'orange'}>
              {r.fulfilDaysLeft < 0 ? `已逾期 ${-r.fulfilDaysLeft} 天` : `剩 ${r.fulfilDaysLeft} 天落实`}
            </Tag>
          )}
        </Flex>
        {line && <Typography.Text>{line}</Typography.Text>}
        {r.content && <Typography.Text type="secondary">{r.content}</Typography.Text>}
        <EvidenceFiles
          files={r.files}
          uploadPath={`/api/services/${r.id}/files`}
          writable={writable}
          personId={r.personId}
        />
        {writable && (
          <Flex wrap gap={6}>
            {openRequest && (
              <Popconfirm
                title="确认今天已联系落实？"
                okText="已落实"
                cancelText="取消"
                onConfirm={() => fulfil.mutate({ id: r.id, version: r.version })}
              >
                <Button size="small" type="primary" icon={<CheckOutlined />} loading={fulfil.isPending}>
                  联系落实
                </Button>
              </Popconfirm>
            )}
            {acceptable && (
              <Button
                size="small"
                type="primary"
                icon={<TrophyOutlined />}
                onClick={onAccept}
                data-testid="service-accept"
              >
                已录用
              </Button>
            )}
            <Button size="small" icon={<EditOutlined />} onClick={onEdit}>
              修改
            </Button>
            <Popconfirm
              title="删除这条服务记录？"
              description={
                <Input
                  size="small"
                  placeholder="删除原因（可选）"
                  maxLength={200}
                  value={reason}
                  onChange={(e) => setReason(e.target.value)}
                />
              }
              okText="删除"
              cancelText="取消"
              onConfirm={() => del.mutate({ record: r, ...(reason.trim() ? { reason: reason.trim() } : {}) })}
            >
              <Button size="small" danger icon={<DeleteOutlined />} aria-label="删除服务记录" />
            </Popconfirm>
          </Flex>
        )}
      </Flex>
    </List.Item>
  );
}

/**
 * 服务记录 of the person page: every record newest first with its files; add (the field form in a drawer),
 * edit and delete (with the version read), 联系落实 of a request, 已录用 of a recommendation.
 */
export function PersonServicesCard({ person, writable }: { person: ChosenPerson; writable: boolean }) {
  const list = usePersonServices(person.id);
  const [adding, setAdding] = useState(false);
  const [editing, setEditing] = useState<ServiceRecordView | null>(null);
  const [accepting, setAccepting] = useState<ServiceRecordView | null>(null);
  return (
    <Card
      size="small"
      title="服务记录"
      data-testid="services-card"
      extra={
        writable && (
          <Button
            size="small"
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => setAdding(true)}
            data-testid="service-add"
          >
            登记服务
          </Button>
        )
      }
    >
      {list.isPending ? (
        <Skeleton active paragraph={{ rows: 2 }} />
      ) : list.data?.items.length ? (
        <List
          size="small"
          dataSource={list.data.items}
          renderItem={(r) => (
            <ServiceItem
              r={r}
              writable={writable}
              onEdit={() => setEditing(r)}
              onAccept={() => setAccepting(r)}
            />
          )}
        />
      ) : (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="暂无服务记录" />
      )}
      <ServiceDrawer person={adding ? person : null} onClose={() => setAdding(false)} />
      <EditModal key={editing?.id ?? 0} record={editing} onClose={() => setEditing(null)} />
      <AcceptModal key={`a${accepting?.id ?? 0}`} record={accepting} onClose={() => setAccepting(null)} />
    </Card>
  );
}

/** 推荐岗位: open vacancies ranked for this person; one click records the 推荐就业. */
export function VacancyMatchesCard({ personId, writable }: { personId: number; writable: boolean }) {
  const matches = useVacancyMatches(personId);
  const recommend = useRecommend();
  const [done, setDone] = useState<number[]>([]);
  const { message } = App.useApp();
  const items = (matches.data?.items ?? []).slice(0, 5);
  return (
    <Card size="small" title="推荐岗位" data-testid="vacancy-matches">
      {matches.isPending ? (
        <Skeleton active paragraph={{ rows: 2 }} />
      ) : items.length ? (
        <List
          size="small"
          dataSource={items}
          renderItem={({ vacancy: v, match }) => (
            <List.Item style={{ paddingInline: 0 }}>
              <Flex vertical gap={4} style={{ width: '100%', minWidth: 0 }}>
                <Flex justify="space-between" gap={8} wrap align="center">
                  <span>
                    <Typography.Text strong>{v.post}</Typography.Text>{' '}
                    <Typography.Text type="secondary">{v.employer}</Typography.Text>
                  </span>
                  {writable && (
                    <Button
                      size="small"
                      type="primary"
                      disabled={done.includes(v.id)}
                      loading={recommend.isPending && recommend.variables?.vacancyId === v.id}
                      onClick={() =>
                        recommend.mutate(
                          { vacancyId: v.id, personId },
                          {
                            onSuccess: () => {
                              setDone((d) => [...d, v.id]);
                              void message.success(`已登记推荐就业：${v.employer} ${v.post}`);
                            },
                          },
                        )
                      }
                    >
                      {done.includes(v.id) ? '已推荐' : '推荐'}
                    </Button>
                  )}
                </Flex>
                <Flex wrap gap={4}>
                  <Tag color="blue">匹配度 {match.score}</Tag>
                  {match.reasons.map((r) => (
                    <Tag key={r}>{r}</Tag>
                  ))}
                </Flex>
              </Flex>
            </List.Item>
          )}
        />
      ) : (
        <Typography.Text type="secondary">暂无匹配的在招岗位。</Typography.Text>
      )}
    </Card>
  );
}
