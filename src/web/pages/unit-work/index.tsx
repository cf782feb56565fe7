import { DeleteOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import {
  Alert,
  Badge,
  Button,
  Card,
  Collapse,
  DatePicker,
  Empty,
  Flex,
  Form,
  Input,
  InputNumber,
  List,
  Modal,
  Popconfirm,
  Select,
  Skeleton,
  Tag,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { useSearchParams } from 'react-router';
import { can } from '../../../domain/access.ts';
import {
  DECLARABLE_LEDGER_CLASSES,
  SIX_IN_PLACE,
  UNIT_WORK_TYPES,
  type UnitWorkType,
} from '../../../domain/service-records.ts';
import { isApiError } from '../../api/client.ts';
import { useMe, useUnits } from '../../api/hooks.ts';
import {
  useDeleteUnitRecord,
  useSaveUnitRecord,
  useUnitRecords,
  type UnitRecord,
} from '../../api/services-hooks.ts';
import { PageContainer } from '../../components/PageContainer.tsx';
import { useShowError } from '../../error-policy.ts';
import { afterToday } from '../../register/labels.ts';
import { EvidenceFiles } from '../../services/EvidenceFiles.tsx';
import { ServiceLedgerExport } from '../../services/ServiceLedgerExport.tsx';
import { UnitPicker } from '../../units/UnitPicker.tsx';

/** Where each type belongs: 组织领导 (item 1), 岗位与动员 (item 7), 援助 and 声明. */
const GROUP_HINT: Partial<Record<UnitWorkType, string>> = {
  领导小组: '组织领导',
  工作制度: '组织领导',
  工作计划: '组织领导',
  工作目标: '组织领导',
  工作措施: '组织领导',
  六到位: '人员、经费、场地、机构、制度、工作到位',
  信息发布栏: '就业信息发布栏（实体或网络）',
  岗位信息: '收集的岗位信息',
  培训动员: '动员参加职业培训',
  招聘会动员: '动员参加招聘会',
  创业鼓励: '鼓励支持自主创业',
  援助活动: '再就业援助活动',
  无此类人员声明: '某类台账本年度无人员的声明',
};
const WITH_PARTICIPANTS: readonly UnitWorkType[] = ['培训动员', '招聘会动员', '创业鼓励', '援助活动'];

interface RecordValues {
  type?: UnitWorkType;
  date?: Dayjs | null;
  subtype?: string;
  ledgerClass?: string;
  participants?: number | null;
  title?: string;
  note?: string;
}

function RecordModal({
  open,
  record,
  type,
  unitCode,
  onClose,
}: {
  open: boolean;
  record: UnitRecord | null;
  type: UnitWorkType | null;
  unitCode: string;
  onClose: () => void;
}) {
  const [form] = Form.useForm<RecordValues>();
  const chosen = Form.useWatch('type', form) ?? (record?.type as UnitWorkType | undefined);
  const save = useSaveUnitRecord();
  const showError = useShowError();
  useEffect(() => {
    if (!open) return;
    form.resetFields();
    form.setFieldsValue(
      record
        ? {
            type: record.type as UnitWorkType,
            date: dayjs(record.date),
            subtype: record.subtype ?? undefined,
            ledgerClass: record.ledgerClass ?? undefined,
            participants: record.participants,
            title: record.title ?? undefined,
            note: record.note ?? undefined,
          }
        : { type: type ?? undefined, date: dayjs() },
    );
  }, [open, record, type, form]);

  const submit = (v: RecordValues) => {
    const date = v.date?.format('YYYY-MM-DD') ?? '';
    const common = {
      date,
      subtype: chosen === '六到位' ? v.subtype : undefined,
      ledgerClass: chosen === '无此类人员声明' ? v.ledgerClass : undefined,
      year: chosen === '无此类人员声明' ? Number(date.slice(0, 4)) : undefined,
      participants: v.participants ?? undefined,
      title: v.title?.trim() || undefined,
      note: v.note?.trim() || undefined,
    };
    save.mutate(
      record
        ? { id: record.id, body: { ...common, version: record.version } }
        : { body: { ...common, unitCode, type: v.type } },
      {
        onSuccess: onClose,
        onError: (e) => {
          if (isApiError(e) && e.code === 'VALIDATION' && e.details.length) {
            form.setFields(
              e.details.map((d) => ({ name: d.path as keyof RecordValues, errors: [d.message] })),
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
      title={record ? `修改${record.type}` : '新增村级工作记录'}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText="保存"
      cancelText="取消"
      confirmLoading={save.isPending}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" onFinish={submit} requiredMark="optional">
        <Form.Item name="type" label="类别" rules={[{ required: true, message: '请选择类别' }]}>
          <Select disabled={!!record} options={UNIT_WORK_TYPES.map((t) => ({ value: t, label: t }))} />
        </Form.Item>
        <Form.Item name="date" label="日期" rules={[{ required: true, message: '请选择日期' }]}>
          <DatePicker style={{ width: '100%' }} disabledDate={afterToday} />
        </Form.Item>
        {chosen === '六到位' && (
          <Form.Item name="subtype" label="到位事项" rules={[{ required: true, message: '请选择到位事项' }]}>
            <Select options={SIX_IN_PLACE.map((s) => ({ value: s, label: `${s}到位` }))} />
          </Form.Item>
        )}
        {chosen === '无此类人员声明' && (
          <Form.Item
            name="ledgerClass"
            label="声明无此类人员的台账（声明年度为日期所在年度）"
            rules={[{ required: true, message: '请选择台账类别' }]}
          >
            <Select options={DECLARABLE_LEDGER_CLASSES.map((c) => ({ value: c, label: c }))} />
          </Form.Item>
        )}
        {chosen && WITH_PARTICIPANTS.includes(chosen) && (
          <Form.Item name="participants" label="参加人数">
            <InputNumber min={0} precision={0} style={{ width: '100%' }} />
          </Form.Item>
        )}
        <Form.Item name="title" label="标题">
          <Input maxLength={100} placeholder="如：柳厝村就业工作领导小组成立文件" />
        </Form.Item>
        <Form.Item name="note" label="说明">
          <Input.TextArea maxLength={2000} autoSize={{ minRows: 2, maxRows: 6 }} />
        </Form.Item>
        {!record && (
          <Typography.Text type="secondary">保存后可在记录下上传照片、文件等证明材料。</Typography.Text>
        )}
      </Form>
    </Modal>
  );
}

function RecordItem({ r, writable, onEdit }: { r: UnitRecord; writable: boolean; onEdit: () => void }) {
  const del = useDeleteUnitRecord();
  return (
    <List.Item data-testid="unit-record" style={{ paddingInline: 0 }}>
      <Flex vertical gap={4} style={{ width: '100%', minWidth: 0 }}>
        <Flex justify="space-between" gap={8} wrap align="center">
          <span>
            <Typography.Text type="secondary">{r.date}</Typography.Text>{' '}
            {r.subtype && <Tag color="blue">{r.subtype}到位</Tag>}
            {r.ledgerClass && (
              <Tag color="purple">
                {r.year}年无{r.ledgerClass}
              </Tag>
            )}
            <Typography.Text strong>{r.title ?? r.type}</Typography.Text>
            {r.participants !== null && (
              <Typography.Text type="secondary"> · {r.participants} 人参加</Typography.Text>
            )}
          </span>
          {writable && (
            <Flex gap={4}>
              <Button size="small" icon={<EditOutlined />} onClick={onEdit}>
                修改
              </Button>
              <Popconfirm
                title="删除这条记录？"
                okText="删除"
                cancelText="取消"
                onConfirm={() => del.mutate(r)}
              >
                <Button size="small" danger icon={<DeleteOutlined />} aria-label="删除" />
              </Popconfirm>
            </Flex>
          )}
        </Flex>
        {r.note && <Typography.Text type="secondary">{r.note}</Typography.Text>}
        <EvidenceFiles files={r.files} uploadPath={`/api/unit-records/${r.id}/files`} writable={writable} />
      </Flex>
    </List.Item>
  );
}

/**
 * 村级工作: the unit-level records of a village or community by year — organisation evidence and the six 到位,
 * the information board, vacancies, mobilisation, assistance campaigns and declarations — with evidence files.
 */
export default function UnitWorkPage() {
  const [params, setParams] = useSearchParams();
  const me = useMe().data;
  const units = useUnits();
  const villages = (units.data ?? []).filter((u) => u.kind === 'village' || u.kind === 'community');
  const own = villages.find((u) => u.code === me?.user.unitCode);
  const unit = params.get('unit') ?? own?.code ?? (villages.length === 1 ? villages[0]!.code : null);
  const thisYear = dayjs().year();
  const year = Number(params.get('year') ?? thisYear);
  const list = useUnitRecords(unit, year);
  const writable = !!me && can(me.user.role, 'resident:write');
  const exportable = !!me && can(me.user.role, 'resident:export');
  const add = params.get('add');
  const [modal, setModal] = useState<{ record: UnitRecord | null; type: UnitWorkType | null } | null>(
    add && (UNIT_WORK_TYPES as readonly string[]).includes(add) && writable
      ? { record: null, type: add as UnitWorkType }
      : null,
  );

  const set = (k: string, v: string | null) => {
    const next = new URLSearchParams(params);
    if (v) next.set(k, v);
    else next.delete(k);
    next.delete('add');
    setParams(next, { replace: true });
  };
  const byType = new Map<string, UnitRecord[]>();
  for (const r of list.data?.items ?? []) byType.set(r.type, [...(byType.get(r.type) ?? []), r]);

  return (
    <PageContainer
      title="村级工作"
      extra={
        <>
          {writable && unit && (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => setModal({ record: null, type: null })}
              data-testid="unit-record-add"
            >
              新增记录
            </Button>
          )}
          {exportable && unit && <ServiceLedgerExport unit={unit} defaultYear={year} fixedYear />}
        </>
      }
    >
      <Card size="small" style={{ marginBottom: 12 }}>
        <Flex wrap gap={8} align="center">
          {villages.length > 1 ? (
            <div style={{ flex: '1 1 220px', maxWidth: 340 }}>
              <UnitPicker
                kinds={['village', 'community']}
                value={unit}
                onChange={(c) => set('unit', c)}
                placeholder="选择村（社区）"
              />
            </div>
          ) : (
            own && <Typography.Text strong>{own.name}</Typography.Text>
          )}
          <Select
            value={year}
            onChange={(y) => set('year', String(y))}
            options={[thisYear, thisYear - 1, thisYear - 2].map((y) => ({ value: y, label: `${y}年` }))}
            aria-label="年度"
            style={{ width: 100 }}
          />
        </Flex>
      </Card>
      {!unit ? (
        <Empty description="请选择一个村（社区）" />
      ) : list.isPending ? (
        <Skeleton active />
      ) : list.isError ? (
        <Alert type="error" showIcon title="加载失败" description={list.error.message} />
      ) : (
        <Flex vertical gap={12}>
          <Card size="small" title="六到位" data-testid="six-in-place">
            <Flex wrap gap={6}>
              {list.data.sixInPlace.map((s) => (
                <Tag key={s.element} color={s.done ? 'green' : 'default'}>
                  {s.element}到位 {s.done ? '✓' : '未记录'}
                </Tag>
              ))}
            </Flex>
          </Card>
          <Collapse
            defaultActiveKey={UNIT_WORK_TYPES.filter((t) => byType.has(t))}
            items={UNIT_WORK_TYPES.map((t) => {
              const rows = byType.get(t) ?? [];
              return {
                key: t,
                label: (
                  <Flex justify="space-between" align="center" gap={8}>
                    <span>
                      {t}{' '}
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {GROUP_HINT[t]}
                      </Typography.Text>
                    </span>
                    <Badge count={rows.length} showZero color={rows.length ? '#52c41a' : '#d9d9d9'} />
                  </Flex>
                ),
                children: (
                  <>
                    {rows.length ? (
                      <List
                        size="small"
                        dataSource={rows}
                        renderItem={(r) => (
                          <RecordItem
                            r={r}
                            writable={writable}
                            onEdit={() => setModal({ record: r, type: null })}
                          />
                        )}
                      />
                    ) : (
                      <Typography.Text type="secondary">{year}年尚无记录。</Typography.Text>
                    )}
                    {writable && (
                      <Button
                        type="dashed"
                        block
                        icon={<PlusOutlined />}
                        style={{ marginTop: 8 }}
                        onClick={() => setModal({ record: null, type: t })}
                      >
                        新增{t}
                      </Button>
                    )}
                  </>
                ),
              };
            })}
          />
        </Flex>
      )}
      {unit && (
        <RecordModal
          open={!!modal}
          record={modal?.record ?? null}
          type={modal?.type ?? null}
          unitCode={unit}
          onClose={() => setModal(null)}
        />
      )}
    </PageContainer>
  );
}
