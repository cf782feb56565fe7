import { Alert, DatePicker, Form, Input, Modal, Select } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import type { PersonDetail } from '../../api/persons.ts';
import { DIFFICULTY_CATEGORIES, EMPLOYMENT_FORMS, REGISTRATION_CLOSE_REASONS } from '../../domain/facts.ts';
import { isApiError } from '../api/client.ts';
import { useHistoryAction, type HistoryAction } from '../api/register.ts';
import { useShowError } from '../error-policy.ts';
import { afterToday } from './labels.ts';
import { showFieldErrors } from './PersonFields.tsx';

const options = (values: readonly string[]) => values.map((v) => ({ value: v, label: v }));

/** The dated history actions of a person's page, with their Chinese names and the field holding the date. */
export const HISTORY_ACTIONS: Record<
  HistoryAction,
  { title: string; button: string; dateField: string; dateLabel: string }
> = {
  employment: { title: '就业登记', button: '就业登记', dateField: 'start', dateLabel: '就业日期' },
  'employment/end': { title: '离职（结束就业）', button: '离职', dateField: 'end', dateLabel: '离职日期' },
  registrations: { title: '失业登记', button: '失业登记', dateField: 'approved', dateLabel: '审核通过日期' },
  'registrations/close': {
    title: '注销失业登记',
    button: '注销',
    dateField: 'closed',
    dateLabel: '注销日期',
  },
  difficulty: { title: '就业困难人员认定', button: '认定', dateField: 'recognized', dateLabel: '认定日期' },
  'difficulty/exit': {
    title: '退出就业困难人员',
    button: '退出',
    dateField: 'exited',
    dateLabel: '退出日期',
  },
};

type Values = Record<string, string | string[] | Dayjs | undefined>;

/**
 * One history action as a modal form: the date (never after today), and what the action needs besides.
 * Field refusals from the server appear under the field; a conflict (say, a registration already open)
 * appears in the dialog.
 */
export function HistoryActionModal({
  person,
  action,
  onClose,
}: {
  person: PersonDetail;
  action: HistoryAction | null;
  onClose: () => void;
}) {
  const [form] = Form.useForm<Values>();
  const [failure, setFailure] = useState<string | null>(null);
  const mutation = useHistoryAction(person.id);
  const showError = useShowError();
  const spec = action ? HISTORY_ACTIONS[action] : null;

  const close = () => {
    setFailure(null);
    form.resetFields();
    onClose();
  };
  const submit = (values: Values) => {
    if (!action || !spec) return;
    setFailure(null);
    const body: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(values)) {
      if (v === undefined || v === '') continue;
      body[k] = dayjs.isDayjs(v) ? v.format('YYYY-MM-DD') : typeof v === 'string' ? v.trim() : v;
    }
    mutation.mutate(
      { action, body },
      {
        onSuccess: close,
        onError: (e) => {
          if (!isApiError(e)) return showError(e);
          if (e.code === 'VALIDATION' && showFieldErrors(form, e, Object.keys(values))) return;
          if (['VALIDATION', 'CONFLICT'].includes(e.code)) setFailure(e.message);
          else showError(e);
        },
      },
    );
  };

  const initial: Values = spec ? { [spec.dateField]: dayjs() } : {};
  if (action === 'difficulty' && person.difficultyCandidates.length)
    initial.categories = person.difficultyCandidates.filter((c) =>
      DIFFICULTY_CATEGORIES.includes(c as never),
    );

  return (
    <Modal
      open={!!action}
      title={spec ? `${spec.title} — ${person.name}` : ''}
      onCancel={close}
      onOk={() => form.submit()}
      okText="保存"
      confirmLoading={mutation.isPending}
      destroyOnHidden
    >
      {spec && (
        <Form form={form} layout="vertical" initialValues={initial} onFinish={submit} requiredMark="optional">
          {action === 'employment' && (
            <>
              <Form.Item name="form" label="就业形式" rules={[{ required: true, message: '请选择就业形式' }]}>
                <Select options={options(EMPLOYMENT_FORMS)} placeholder="请选择" />
              </Form.Item>
              <Form.Item
                name="employer"
                label="就业单位"
                rules={[{ max: 100, message: '不能超过 100 个字' }]}
              >
                <Input maxLength={100} />
              </Form.Item>
            </>
          )}
          {action === 'difficulty' && (
            <Form.Item
              name="categories"
              label="认定类别"
              rules={[{ required: true, type: 'array', min: 1, message: '至少选择一个类别' }]}
              extra={
                person.difficultyCandidates.length
                  ? `系统建议：${person.difficultyCandidates.join('、')}（请按材料核实）`
                  : undefined
              }
            >
              <Select mode="multiple" options={options(DIFFICULTY_CATEGORIES)} placeholder="可多选" />
            </Form.Item>
          )}
          <Form.Item
            name={spec.dateField}
            label={spec.dateLabel}
            rules={[{ required: true, message: `请选择${spec.dateLabel}` }]}
          >
            <DatePicker disabledDate={afterToday} style={{ width: '100%' }} />
          </Form.Item>
          {action === 'registrations/close' && (
            <Form.Item name="reason" label="注销原因" rules={[{ required: true, message: '请选择注销原因' }]}>
              <Select options={options(REGISTRATION_CLOSE_REASONS)} placeholder="请选择" />
            </Form.Item>
          )}
          {action === 'difficulty/exit' && (
            <Form.Item name="reason" label="退出原因" rules={[{ max: 100, message: '不能超过 100 个字' }]}>
              <Input maxLength={100} placeholder="例如：已就业" />
            </Form.Item>
          )}
          {failure && <Alert type="error" showIcon title={failure} data-testid="action-error" />}
        </Form>
      )}
    </Modal>
  );
}
