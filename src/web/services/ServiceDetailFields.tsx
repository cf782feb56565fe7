import { Col, DatePicker, Form, Input, InputNumber, Row, Segmented, Select, type FormInstance } from 'antd';
import type { ServiceType } from '../../domain/facts.ts';
import {
  RECOMMENDATION_ACCEPTED,
  RECOMMENDATION_RESULTS,
  REQUEST_ITEMS,
  SERVICE_MODES,
  SUBSIDY_STATUSES,
  TRAINING_RESULTS,
} from '../../domain/service-records.ts';
import { afterToday } from '../register/labels.ts';
import { EMPLOYMENT_FORM_OPTIONS, type ServiceFormValues } from './service-form.ts';

const options = (values: readonly string[]) => values.map((v) => ({ value: v, label: v }));
const half = { xs: 24, sm: 12 };

/**
 * The details of a service record: date, 方式, content, and the fields of its type. Rules run as the user
 * types; the server checks the same again and its messages land on the same fields.
 */
export function ServiceDetailFields({
  type,
  form,
  editing = false,
}: {
  type: ServiceType;
  form: FormInstance<ServiceFormValues>;
  /** an edit cannot turn a recommendation into employment: that is the 已录用 action */
  editing?: boolean;
}) {
  const result = Form.useWatch('result', form);
  const date = Form.useWatch('date', form);
  return (
    <>
      <Row gutter={12}>
        <Col {...half}>
          <Form.Item name="date" label="服务日期（默认今天）">
            <DatePicker style={{ width: '100%' }} disabledDate={afterToday} placeholder="今天" />
          </Form.Item>
        </Col>
        <Col {...half}>
          <Form.Item name="mode" label="方式">
            <Segmented block options={options(SERVICE_MODES)} />
          </Form.Item>
        </Col>
      </Row>

      {(type === '推荐就业' || type === '公益性岗位安置') && (
        <Row gutter={12}>
          <Col {...half}>
            <Form.Item
              name="employer"
              label="用人单位"
              rules={
                type === '推荐就业'
                  ? [{ required: true, whitespace: true, message: '请填写推荐的用人单位' }]
                  : []
              }
            >
              <Input maxLength={100} autoComplete="off" />
            </Form.Item>
          </Col>
          <Col {...half}>
            <Form.Item
              name="post"
              label="岗位"
              rules={
                type === '推荐就业' ? [{ required: true, whitespace: true, message: '请填写推荐的岗位' }] : []
              }
            >
              <Input maxLength={100} autoComplete="off" />
            </Form.Item>
          </Col>
        </Row>
      )}
      {type === '推荐就业' && (
        <>
          <Form.Item name="result" label="推荐结果">
            <Segmented
              block
              options={options(
                editing
                  ? RECOMMENDATION_RESULTS.filter((r) => r !== RECOMMENDATION_ACCEPTED)
                  : RECOMMENDATION_RESULTS,
              )}
            />
          </Form.Item>
          {!editing && result === RECOMMENDATION_ACCEPTED && (
            <Row gutter={12}>
              <Col {...half}>
                <Form.Item name="employmentForm" label="就业形式" initialValue="单位就业">
                  <Select options={EMPLOYMENT_FORM_OPTIONS} />
                </Form.Item>
              </Col>
              <Col {...half}>
                <Form.Item
                  name="employmentStart"
                  label="就业日期（默认服务日期）"
                  dependencies={['date']}
                  rules={[
                    {
                      validator: (_r, v: ServiceFormValues['employmentStart']) =>
                        v && date && v.isBefore(date, 'day')
                          ? Promise.reject(new Error('就业日期不能早于推荐日期'))
                          : Promise.resolve(),
                    },
                  ]}
                  extra="保存后登记就业，并以“就业”注销失业登记。"
                >
                  <DatePicker style={{ width: '100%' }} disabledDate={afterToday} />
                </Form.Item>
              </Col>
            </Row>
          )}
        </>
      )}
      {type === '职业培训' && (
        <>
          <Form.Item
            name="course"
            label="培训课程（工种）"
            rules={[{ required: true, whitespace: true, message: '请填写培训课程（工种）' }]}
          >
            <Input maxLength={100} autoComplete="off" />
          </Form.Item>
          <Row gutter={12}>
            <Col {...half}>
              <Form.Item name="startDate" label="开始日期">
                <DatePicker style={{ width: '100%' }} />
              </Form.Item>
            </Col>
            <Col {...half}>
              <Form.Item
                name="endDate"
                label="结束日期"
                dependencies={['startDate']}
                rules={[
                  ({ getFieldValue }) => ({
                    validator: (_r, v: ServiceFormValues['endDate']) => {
                      const start = getFieldValue('startDate') as ServiceFormValues['startDate'];
                      return v && start && v.isBefore(start, 'day')
                        ? Promise.reject(new Error('结束日期不能早于开始日期'))
                        : Promise.resolve();
                    },
                  }),
                ]}
              >
                <DatePicker style={{ width: '100%' }} />
              </Form.Item>
            </Col>
          </Row>
          <Row gutter={12}>
            <Col {...half}>
              <Form.Item name="result" label="培训结果">
                <Select allowClear options={options(TRAINING_RESULTS)} />
              </Form.Item>
            </Col>
            <Col {...half}>
              <Form.Item name="certificate" label="证书">
                <Input maxLength={100} placeholder="如：电工职业资格五级" />
              </Form.Item>
            </Col>
          </Row>
        </>
      )}
      {type === '政策补贴' && (
        <>
          <Form.Item
            name="policy"
            label="补贴政策"
            rules={[{ required: true, whitespace: true, message: '请填写补贴政策' }]}
          >
            <Input maxLength={100} placeholder="如：灵活就业社保补贴" />
          </Form.Item>
          <Row gutter={12}>
            <Col {...half}>
              <Form.Item name="amountYuan" label="金额（元）">
                <InputNumber min={0} max={10_000_000} precision={2} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
            <Col {...half}>
              <Form.Item name="subsidyStatus" label="状态">
                <Select allowClear options={options(SUBSIDY_STATUSES)} />
              </Form.Item>
            </Col>
          </Row>
        </>
      )}
      {type === '服务申请' && (
        <>
          <Form.Item
            name="requestItem"
            label="申请事项"
            rules={[{ required: true, message: '请选择申请事项' }]}
          >
            <Segmented block options={options(REQUEST_ITEMS)} />
          </Form.Item>
          <Form.Item
            name="fulfilledOn"
            label="联系落实日期（已落实时填写）"
            dependencies={['date']}
            rules={[
              {
                validator: (_r, v: ServiceFormValues['fulfilledOn']) =>
                  v && date && v.isBefore(date, 'day')
                    ? Promise.reject(new Error('落实日期不能早于申请日期'))
                    : Promise.resolve(),
              },
            ]}
          >
            <DatePicker style={{ width: '100%' }} disabledDate={afterToday} />
          </Form.Item>
        </>
      )}
      {['招聘会', '创业服务', '职业指导', '就业咨询', '公益性岗位安置'].includes(type) && (
        <Form.Item name="result" label="结果（可选）">
          <Input maxLength={20} />
        </Form.Item>
      )}
      <Form.Item name="content" label="服务内容">
        <Input.TextArea
          maxLength={2000}
          autoSize={{ minRows: 2, maxRows: 6 }}
          placeholder="如：了解求职意向，宣传就业政策"
        />
      </Form.Item>
      <Form.Item name="staff" label="经办人（默认本人）">
        <Input maxLength={50} autoComplete="off" />
      </Form.Item>
    </>
  );
}

/** Puts the server's VALIDATION details on the form's fields; returns whether any matched. */
export function showServiceFieldErrors(
  form: FormInstance<ServiceFormValues>,
  details: readonly { path: string; message: string }[],
): boolean {
  const map: Record<string, keyof ServiceFormValues> = {
    amountFen: 'amountYuan',
    employment: 'result',
    'employment.start': 'employmentStart',
    'employment.form': 'employmentForm',
  };
  const fields = details
    .map((d) => ({ name: map[d.path] ?? (d.path as keyof ServiceFormValues), errors: [d.message] }))
    .filter((f) => typeof f.name === 'string' && !f.name.includes('.'));
  if (!fields.length) return false;
  form.setFields(fields);
  return true;
}
