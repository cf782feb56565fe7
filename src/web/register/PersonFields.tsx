import { Col, Form, Input, Row, Select, Typography, type FormInstance } from 'antd';
import { PERSON_FORM_COLUMNS, type PersonDetail, type PersonForm } from '../../api/persons.ts';
import { parseIdNumber } from '../../domain/id-number.ts';
import {
  DIBAO_VALUES,
  EDUCATION_VALUES,
  HUKOU_VALUES,
  PERSON_STATES,
  POVERTY_STATUSES,
  RELATIONS,
} from '../../domain/ledger-entry.ts';
import type { ApiError } from '../api/client.ts';
import { UnitPicker } from '../units/UnitPicker.tsx';
import { SEX_LABELS } from './labels.ts';

/** What the form holds: the API's person form, every value text as in the workbook. */
export type PersonFormValues = Partial<PersonForm>;

const L = PERSON_FORM_COLUMNS;
const options = (values: readonly string[]) => values.map((v) => ({ value: v, label: v }));

/** Rule: the ID number as GB 11643 sees it, checked on every keystroke. */
export const idNumberRule = {
  validator: async (_: unknown, value: string | undefined) => {
    // Emptiness is the `required` rule's to report.
    if (!value || !value.trim()) return;
    const r = parseIdNumber(value);
    if (!r.ok) throw new Error(r.reason);
  },
};

/** The sex and birth date an ID number encodes, shown under the field as soon as it is valid. */
export function IdNumberHint({ form }: { form: FormInstance<PersonFormValues> }) {
  const value = Form.useWatch('idNumber', form);
  if (!value) return null;
  const r = parseIdNumber(value);
  if (!r.ok) return null;
  return (
    <Typography.Text type="success" data-testid="id-derived">
      ✓ 校验通过：{SEX_LABELS[r.sex]}，出生日期 {r.birthDate}
      {r.converted ? `（已由 15 位转换为 ${r.idNumber}）` : ''}
    </Typography.Text>
  );
}

/** A typed sex must agree with the one the ID number encodes. */
function sexRule(form: FormInstance<PersonFormValues>) {
  return {
    validator: async (_: unknown, value: string | undefined) => {
      const id = form.getFieldValue('idNumber') as string | undefined;
      if (!value || !id) return;
      const r = parseIdNumber(id);
      if (r.ok && SEX_LABELS[r.sex] !== value)
        throw new Error(`与身份证号不符：身份证号显示为${SEX_LABELS[r.sex]}`);
    },
  };
}

/**
 * The person fields, shared by 新增人员 and the 基本信息 edit form. Identity (unit and ID number) is only
 * asked for when creating; afterwards a move is a transfer and a wrong number a new person.
 */
export function PersonFields({
  form,
  mode,
  phoneMasked,
  hasDisabilityNo,
}: {
  form: FormInstance<PersonFormValues>;
  mode: 'create' | 'edit';
  phoneMasked?: string | null;
  hasDisabilityNo?: boolean;
}) {
  const half = { xs: 24, md: 12 };
  const third = { xs: 24, sm: 12, lg: 8 };
  return (
    <Row gutter={16}>
      {mode === 'create' && (
        <>
          <Col {...half}>
            <Form.Item
              name="unitCode"
              label="村（社区）"
              rules={[{ required: true, message: '请选择村（社区）' }]}
            >
              <UnitPicker kinds={['village', 'community']} />
            </Form.Item>
          </Col>
          <Col {...half}>
            <Form.Item
              name="idNumber"
              label={L.idNumber}
              rules={[{ required: true, message: '请输入身份证号' }, idNumberRule]}
              extra={<IdNumberHint form={form} />}
              hasFeedback
            >
              <Input maxLength={18} autoComplete="off" placeholder="18 位，末位可为 X" inputMode="text" />
            </Form.Item>
          </Col>
        </>
      )}
      <Col {...third}>
        <Form.Item
          name="name"
          label={L.name}
          rules={[
            { required: true, whitespace: true, message: '请输入姓名' },
            { max: 50, message: '不能超过 50 个字' },
          ]}
        >
          <Input maxLength={50} autoComplete="off" />
        </Form.Item>
      </Col>
      <Col {...third}>
        <Form.Item
          name="householdNumber"
          label={L.householdNumber}
          tooltip="本村（社区）内唯一；同一户的成员填写相同的户编号"
          rules={[
            { required: true, whitespace: true, message: '请输入户编号' },
            { max: 40, message: '不能超过 40 个字符' },
          ]}
        >
          <Input maxLength={40} autoComplete="off" />
        </Form.Item>
      </Col>
      <Col {...third}>
        <Form.Item name="relation" label={L.relation}>
          <Select allowClear options={options(RELATIONS)} placeholder="请选择" />
        </Form.Item>
      </Col>
      <Col {...third}>
        <Form.Item name="sex" label={L.sex} dependencies={['idNumber']} rules={[sexRule(form)]}>
          <Select allowClear options={options(['男', '女'])} placeholder="由身份证号确定" />
        </Form.Item>
      </Col>
      <Col {...third}>
        <Form.Item
          name="phone"
          label={L.phone}
          extra={mode === 'edit' && phoneMasked ? `现有号码 ${phoneMasked}；留空则保留现有号码` : undefined}
          rules={[{ pattern: /^[0-9+\-() ]{5,20}$/, message: '应为 5–20 位数字' }]}
        >
          <Input maxLength={20} inputMode="tel" autoComplete="off" />
        </Form.Item>
      </Col>
      <Col {...third}>
        <Form.Item name="hukou" label={L.hukou}>
          <Select allowClear options={options(HUKOU_VALUES)} placeholder="请选择" />
        </Form.Item>
      </Col>
      <Col {...third}>
        <Form.Item name="education" label={L.education}>
          <Select allowClear options={options(EDUCATION_VALUES)} placeholder="请选择" />
        </Form.Item>
      </Col>
      <Col {...third}>
        <Form.Item name="ability" label={L.ability}>
          <Select allowClear options={options(['完全', '部分', '丧失'])} placeholder="完全" />
        </Form.Item>
      </Col>
      <Col {...third}>
        <Form.Item name="willing" label={L.willing}>
          <Select allowClear options={options(['有', '无'])} placeholder="有" />
        </Form.Item>
      </Col>
      <Col {...third}>
        <Form.Item name="state" label={L.state}>
          <Select allowClear options={options(PERSON_STATES)} placeholder="无" />
        </Form.Item>
      </Col>
      <Col {...third}>
        <Form.Item name="povertyRegister" label={L.povertyRegister}>
          <Select allowClear options={options(['是', '否'])} placeholder="否" />
        </Form.Item>
      </Col>
      <Col {...third}>
        <Form.Item name="povertyStatus" label={L.povertyStatus}>
          <Select allowClear options={options(POVERTY_STATUSES)} placeholder="请选择" />
        </Form.Item>
      </Col>
      <Col {...third}>
        <Form.Item name="dibao" label={L.dibao}>
          <Select allowClear options={options(DIBAO_VALUES)} placeholder="请选择" />
        </Form.Item>
      </Col>
      <Col {...third}>
        <Form.Item
          name="disabilityNo"
          label={L.disabilityNo}
          extra={mode === 'edit' && hasDisabilityNo ? '已登记残疾证号；留空则保留' : undefined}
          rules={[{ max: 30, message: '不能超过 30 个字符' }]}
        >
          <Input maxLength={30} autoComplete="off" />
        </Form.Item>
      </Col>
      <Col xs={24}>
        <Form.Item name="note" label={L.note} rules={[{ max: 500, message: '不能超过 500 个字' }]}>
          <Input.TextArea rows={2} maxLength={500} />
        </Form.Item>
      </Col>
    </Row>
  );
}

/** Blank inputs are left out: the server reads an absent optional column as blank. */
export function cleanForm<T extends Record<string, unknown>>(values: T): T {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(values)) {
    if (v === undefined || v === null) continue;
    if (typeof v === 'string' && v.trim() === '') continue;
    out[k] = typeof v === 'string' ? v.trim() : v;
  }
  return out as T;
}

/** The edit form's starting values, from a person's page (numbers stay masked, so they start blank). */
export function editValues(p: PersonDetail): PersonFormValues {
  const ability = { full: '完全', partial: '部分', none: '丧失' } as const;
  return {
    name: p.name,
    householdNumber: p.household?.number ?? '',
    relation: p.relation ?? undefined,
    sex: SEX_LABELS[p.sex],
    hukou: p.hukou ?? undefined,
    education: p.education ?? undefined,
    ability: ability[p.ability],
    willing: p.willing ? '有' : '无',
    state: p.state ?? undefined,
    povertyRegister: p.povertyRegister ? '是' : '否',
    povertyStatus: p.povertyStatus ?? undefined,
    dibao: p.dibao ?? undefined,
    note: p.note ?? undefined,
  };
}

/**
 * Puts the server's field-level refusals next to their fields. Returns false when the error named no field
 * of this form, so the caller shows it another way.
 */
export function showFieldErrors(form: FormInstance, e: ApiError, fields: readonly string[]): boolean {
  const own = e.details.filter((d) => fields.includes(d.path));
  if (own.length === 0) return false;
  form.setFields(own.map((d) => ({ name: d.path, errors: [d.message] })));
  form.scrollToField(own[0]!.path);
  return true;
}
