import { Alert, App, Button, Card, Form, Input, Typography } from 'antd';
import { useNavigate } from 'react-router';
import { passwordProblems, PASSWORD_MIN_LENGTH } from '../../../domain/password-policy.ts';
import { isApiError } from '../../api/client.ts';
import { useChangePassword, useMe } from '../../api/hooks.ts';
import { PageContainer } from '../../components/PageContainer.tsx';
import { useShowError } from '../../error-policy.ts';

interface PasswordForm {
  currentPassword: string;
  newPassword: string;
  confirm: string;
}

/** 修改密码. Forced after first sign-in or a reset (the server refuses everything else until then). */
export default function ChangePasswordPage() {
  const me = useMe().data ?? null;
  const [form] = Form.useForm<PasswordForm>();
  const change = useChangePassword();
  const { message } = App.useApp();
  const showError = useShowError();
  const navigate = useNavigate();
  const forced = me?.mustChangePassword ?? false;
  const username = me?.user.username ?? '';

  const onFinish = (v: PasswordForm) =>
    change.mutate(
      { currentPassword: v.currentPassword, newPassword: v.newPassword },
      {
        onSuccess: () => {
          void message.success('密码已修改');
          form.resetFields();
          navigate('/', { replace: true });
        },
        onError: (e) => {
          // Field problems go next to their field; anything else through the common policy.
          if (isApiError(e) && e.code === 'VALIDATION' && e.details.length) {
            const byField = new Map<string, string[]>();
            for (const d of e.details) byField.set(d.path, [...(byField.get(d.path) ?? []), d.message]);
            form.setFields(
              [...byField].map(([name, errors]) => ({
                name: name === 'currentPassword' ? 'currentPassword' : 'newPassword',
                errors,
              })),
            );
          } else showError(e);
        },
      },
    );

  return (
    <PageContainer title="修改密码">
      <Card style={{ maxWidth: 520 }}>
        {forced && (
          <Alert
            type="warning"
            showIcon
            style={{ marginBottom: 16 }}
            title="请先修改初始密码"
            description="首次登录或密码被重置后，须设置自己的新密码才能使用平台。"
            data-testid="forced-change"
          />
        )}
        <Alert
          type="info"
          style={{ marginBottom: 16 }}
          title="密码要求"
          description={
            <ul style={{ margin: 0, paddingInlineStart: 20 }}>
              <li>至少 {PASSWORD_MIN_LENGTH} 位；</li>
              <li>包含大写字母、小写字母、数字、符号中的至少三类；</li>
              <li>不能包含用户名，不能与当前密码相同。</li>
            </ul>
          }
        />
        <Form<PasswordForm>
          form={form}
          layout="vertical"
          onFinish={onFinish}
          disabled={change.isPending}
          requiredMark={false}
        >
          <input type="text" name="username" autoComplete="username" value={username} readOnly hidden />
          <Form.Item
            label="当前密码"
            name="currentPassword"
            rules={[{ required: true, message: '请输入当前密码' }]}
          >
            <Input.Password autoComplete="current-password" />
          </Form.Item>
          <Form.Item
            label="新密码"
            name="newPassword"
            rules={[
              { required: true, message: '请输入新密码' },
              {
                validator: async (_r, value: string | undefined) => {
                  const problems = value ? passwordProblems(value, username) : [];
                  if (problems.length) throw new Error(problems.join('；'));
                },
              },
            ]}
          >
            <Input.Password autoComplete="new-password" />
          </Form.Item>
          <Form.Item
            label="再次输入新密码"
            name="confirm"
            dependencies={['newPassword']}
            rules={[
              { required: true, message: '请再次输入新密码' },
              ({ getFieldValue }) => ({
                validator: async (_r, value: string | undefined) => {
                  if (value && value !== getFieldValue('newPassword'))
                    throw new Error('两次输入的新密码不一致');
                },
              }),
            ]}
          >
            <Input.Password autoComplete="new-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={change.isPending} block>
            确认修改
          </Button>
        </Form>
        {!forced && (
          <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0 }}>
            修改后，本账户在其他设备上的登录将失效。
          </Typography.Paragraph>
        )}
      </Card>
    </PageContainer>
  );
}
