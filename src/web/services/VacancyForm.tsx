import { Col, DatePicker, Form, Input, InputNumber, Modal, Row, Select, type FormInstance } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect } from 'react';
import { EDUCATION_VALUES } from '../../domain/ledger-entry.ts';
import { isApiError } from '../api/client.ts';
import { useSaveVacancy, type Vacancy } from '../api/services-hooks.ts';
import { useShowError } from '../error-policy.ts';
import { fenToYuan, yuanToFen } from './service-form.ts';

interface VacancyValues {
  employer?: string;
  post?: string;
  headcount?: number;
  payText?: string;
  payMin?: number | null;
  payMax?: number | null;
  place?: string;
  requirements?: string;
  trades?: string[];
  ageMin?: number | null;
  ageMax?: number | null;
  sex?: 'M' | 'F' | null;
  education?: string | null;
  contact?: string;
  source?: string;
  collectedOn?: Dayjs | null;
  validUntil?: Dayjs | null;
}

const half = { xs: 24, sm: 12 };
const opt = <T,>(v: T | null | undefined) => (v === null || v === undefined || v === '' ? undefined : v);

function toValues(v: Vacancy): VacancyValues {
  return {
    employer: v.employer,
    post: v.post,
    headcount: v.headcount,
    payText: v.payText ?? undefined,
    payMin: fenToYuan(v.payMinFen),
    payMax: fenToYuan(v.payMaxFen),
    place: v.place ?? undefined,
    requirements: v.requirements ?? undefined,
    trades: v.trades,
    ageMin: v.ageMin,
    ageMax: v.ageMax,
    sex: v.sex,
    education: v.education,
    contact: v.contact ?? undefined,
    source: v.source ?? undefined,
    collectedOn: dayjs(v.collectedOn),
    validUntil: v.validUntil ? dayjs(v.validUntil) : null,
  };
}

function toBody(v: VacancyValues): Record<string, unknown> {
  return {
    employer: v.employer?.trim() ?? '',
    post: v.post?.trim() ?? '',
    headcount: v.headcount ?? 1,
    payText: opt(v.payText?.trim()),
    payMinFen: yuanToFen(v.payMin),
    payMaxFen: yuanToFen(v.payMax),
    place: opt(v.place?.trim()),
    requirements: opt(v.requirements?.trim()),
    trades: v.trades ?? [],
    ageMin: opt(v.ageMin),
    ageMax: opt(v.ageMax),
    sex: opt(v.sex),
    education: opt(v.education),
    contact: opt(v.contact?.trim()),
    source: opt(v.source?.trim()),
    collectedOn: v.collectedOn?.format('YYYY-MM-DD'),
    validUntil: v.validUntil?.format('YYYY-MM-DD'),
  };
}

function VacancyFields({ form }: { form: FormInstance<VacancyValues> }) {
  const required = (message: string) => [{ required: true, whitespace: true, message }];
  return (
    <>
      <Row gutter={12}>
        <Col {...half}>
          <Form.Item name="employer" label="用工单位" rules={required('请填写用工单位')}>
            <Input maxLength={100} />
          </Form.Item>
        </Col>
        <Col {...half}>
          <Form.Item name="post" label="岗位" rules={required('请填写岗位')}>
            <Input maxLength={100} />
          </Form.Item>
        </Col>
      </Row>
      <Row gutter={12}>
        <Col xs={12} sm={8}>
          <Form.Item name="headcount" label="招聘人数" rules={[{ required: true, message: '请填写人数' }]}>
            <InputNumber min={1} max={100000} precision={0} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col xs={12} sm={8}>
          <Form.Item name="payMin" label="月薪下限（元）">
            <InputNumber min={0} precision={0} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col xs={12} sm={8}>
          <Form.Item
            name="payMax"
            label="月薪上限（元）"
            dependencies={['payMin']}
            rules={[
              {
                validator: (_r, v: number | null | undefined) => {
                  const min = form.getFieldValue('payMin') as number | null | undefined;
                  return v != null && min != null && v < min
                    ? Promise.reject(new Error('上限不能低于下限'))
                    : Promise.resolve();
                },
              },
            ]}
          >
            <InputNumber min={0} precision={0} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col xs={12} sm={24}>
          <Form.Item name="payText" label="薪资说明">
            <Input maxLength={100} placeholder="如：计件，多劳多得" />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item name="trades" label="工种（回车添加，用于匹配求职者）">
        <Select mode="tags" maxCount={20} tokenSeparators={[',', '，', ' ']} open={false} suffixIcon={null} />
      </Form.Item>
      <Row gutter={12}>
        <Col {...half}>
          <Form.Item name="place" label="工作地点">
            <Input maxLength={100} />
          </Form.Item>
        </Col>
        <Col {...half}>
          <Form.Item name="contact" label="联系方式">
            <Input maxLength={100} />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item name="requirements" label="招聘要求">
        <Input.TextArea maxLength={500} autoSize={{ minRows: 2, maxRows: 5 }} />
      </Form.Item>
      <Row gutter={12}>
        <Col xs={12} sm={6}>
          <Form.Item name="ageMin" label="年龄下限">
            <InputNumber min={16} max={70} precision={0} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col xs={12} sm={6}>
          <Form.Item name="ageMax" label="年龄上限">
            <InputNumber min={16} max={70} precision={0} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col xs={12} sm={6}>
          <Form.Item name="sex" label="性别">
            <Select
              allowClear
              options={[
                { value: 'M', label: '男' },
                { value: 'F', label: '女' },
              ]}
              placeholder="不限"
            />
          </Form.Item>
        </Col>
        <Col xs={12} sm={6}>
          <Form.Item name="education" label="学历">
            <Select
              allowClear
              options={EDUCATION_VALUES.map((e) => ({ value: e, label: e }))}
              placeholder="不限"
            />
          </Form.Item>
        </Col>
      </Row>
      <Row gutter={12}>
        <Col xs={24} sm={8}>
          <Form.Item name="source" label="信息来源">
            <Input maxLength={100} placeholder="如：企业走访" />
          </Form.Item>
        </Col>
        <Col xs={12} sm={8}>
          <Form.Item name="collectedOn" label="收集日期">
            <DatePicker style={{ width: '100%' }} placeholder="今天" />
          </Form.Item>
        </Col>
        <Col xs={12} sm={8}>
          <Form.Item name="validUntil" label="有效期至">
            <DatePicker style={{ width: '100%' }} />
          </Form.Item>
        </Col>
      </Row>
    </>
  );
}

/** New or edited 岗位信息. A new one belongs to `unitCode`. */
export function VacancyModal({
  open,
  vacancy,
  unitCode,
  onClose,
}: {
  open: boolean;
  vacancy: Vacancy | null;
  unitCode: string | null;
  onClose: () => void;
}) {
  const [form] = Form.useForm<VacancyValues>();
  const save = useSaveVacancy();
  const showError = useShowError();
  useEffect(() => {
    if (!open) return;
    form.resetFields();
    form.setFieldsValue(vacancy ? toValues(vacancy) : { headcount: 1, trades: [] });
  }, [open, vacancy, form]);

  const submit = (v: VacancyValues) =>
    save.mutate(
      vacancy
        ? {
            id: vacancy.id,
            body: { ...toBody(v), closedOn: vacancy.closedOn ?? undefined, version: vacancy.version },
          }
        : { body: { ...toBody(v), unitCode } },
      {
        onSuccess: onClose,
        onError: (e) => {
          if (isApiError(e) && e.code === 'VALIDATION' && e.details.length) {
            form.setFields(
              e.details.map((d) => ({ name: d.path as keyof VacancyValues, errors: [d.message] })),
            );
          }
          showError(e);
        },
      },
    );

  return (
    <Modal
      open={open}
      title={vacancy ? '修改岗位信息' : '新增岗位信息'}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText="保存"
      cancelText="取消"
      confirmLoading={save.isPending}
      destroyOnHidden
      width={640}
    >
      <Form form={form} layout="vertical" onFinish={submit} requiredMark="optional">
        <VacancyFields form={form} />
      </Form>
    </Modal>
  );
}

/** The body that closes a vacancy today (an edit carries every field again). */
export function closeVacancyBody(v: Vacancy, today: string): Record<string, unknown> {
  return { ...toBody(toValues(v)), closedOn: today, version: v.version };
}
