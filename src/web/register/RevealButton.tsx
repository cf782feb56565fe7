import { EyeOutlined } from '@ant-design/icons';
import { Alert, Button, Form, Input, Modal, Typography } from 'antd';
import { useState } from 'react';
import { can } from '../../domain/access.ts';
import { isApiError } from '../api/client.ts';
import { useMe } from '../api/hooks.ts';
import { useReveal } from '../api/register.ts';
import { useShowError } from '../error-policy.ts';

const FIELD_LABELS = { idNumber: '身份证号', phone: '联系电话', disabilityNo: '残疾证号' } as const;
type Field = keyof typeof FIELD_LABELS;

/**
 * 查看完整号码: asks why, then shows the full number once in a dialog. The server writes who looked, at what
 * and why to the audit trail; the number is never kept in the page's state after the dialog closes.
 */
export function RevealButton({ personId, field }: { personId: number; field: Field }) {
  const me = useMe().data;
  const [open, setOpen] = useState(false);
  const [value, setValue] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [form] = Form.useForm<{ reason: string }>();
  const reveal = useReveal(personId);
  const showError = useShowError();
  if (!me || !can(me.user.role, 'resident:reveal')) return null;

  const close = () => {
    setOpen(false);
    setValue(null);
    setFailure(null);
    form.resetFields();
  };
  const submit = ({ reason }: { reason: string }) => {
    setFailure(null);
    reveal.mutate(
      { field, reason: reason.trim() },
      {
        onSuccess: (r) => setValue(r.value),
        onError: (e) => {
          // Refusals (rate limit, nothing recorded) are shown in the dialog; a lost session goes to login.
          if (isApiError(e) && ['RATE_LIMITED', 'NOT_FOUND', 'VALIDATION', 'FORBIDDEN'].includes(e.code))
            setFailure(e.message);
          else showError(e);
        },
      },
    );
  };

  const label = FIELD_LABELS[field];
  return (
    <>
      <Button
        size="small"
        type="link"
        icon={<EyeOutlined />}
        onClick={() => setOpen(true)}
        data-testid={`reveal-${field}`}
      >
        查看
      </Button>
      <Modal
        open={open}
        title={value ? `完整${label}` : `查看完整${label}`}
        onCancel={close}
        destroyOnHidden
        footer={
          value ? (
            <Button type="primary" onClick={close}>
              关闭
            </Button>
          ) : (
            <>
              <Button onClick={close}>取消</Button>
              <Button type="primary" loading={reveal.isPending} onClick={() => form.submit()}>
                查看
              </Button>
            </>
          )
        }
      >
        {value ? (
          <div data-testid="revealed">
            <Typography.Paragraph
              copyable={{ text: value }}
              style={{ fontSize: 20, fontFamily: 'monospace' }}
            >
              {value}
            </Typography.Paragraph>
            <Alert type="info" showIcon title="本次查看（查看人、时间和原因）已记入审计日志。" />
          </div>
        ) : (
          <Form form={form} layout="vertical" onFinish={submit} requiredMark={false}>
            <Typography.Paragraph type="secondary">
              完整{label}属于个人敏感信息。请填写查看原因，查看记录将写入审计日志。
            </Typography.Paragraph>
            <Form.Item
              name="reason"
              label="查看原因"
              rules={[
                { required: true, message: '请填写查看原因' },
                { whitespace: true, min: 2, message: '原因至少 2 个字' },
                { max: 200, message: '不能超过 200 个字' },
              ]}
            >
              <Input.TextArea autoFocus rows={2} maxLength={200} placeholder="例如：核对失业登记材料" />
            </Form.Item>
            {failure && <Alert type="error" showIcon title={failure} />}
          </Form>
        )}
      </Modal>
    </>
  );
}
