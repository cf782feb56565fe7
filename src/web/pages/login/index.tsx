import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { useLocation, useNavigate } from 'react-router';
import type { MeResponse } from '../../../api/auth.ts';
import { useLogin, useMe, useVerifyMfa } from '../../api/hooks.ts';
import { landingPath } from '../../access.ts';

interface LoginForm {
  username: string;
  password: string;
}

/** 登录. The server's refusal (wrong password, locked account…) is shown in the form, word for word. */
export default function LoginPage() {
  const login = useLogin();
  const verify = useVerifyMfa();
  const pendingFromBefore = useMe().data?.mfaPending === true;
  const [codeStep, setCodeStep] = useState(pendingFromBefore);
  const [useRecovery, setUseRecovery] = useState(false);
  const navigate = useNavigate();
  const location = useLocation();
  const from = (location.state as { from?: string } | null)?.from;

  const enter = (me: MeResponse) => {
    const target =
      me.mustChangePassword || me.mfaEnrolmentRequired
        ? landingPath(me)
        : from && from !== '/login'
          ? from
          : landingPath(me);
    navigate(target, { replace: true });
  };
  const onFinish = (values: LoginForm) =>
    login.mutate(values, {
      onSuccess: (me) => (me.mfaPending ? setCodeStep(true) : enter(me)),
    });
  const onCode = (values: { code: string }) =>
    verify.mutate(useRecovery ? { recoveryCode: values.code.trim() } : { code: values.code.trim() }, {
      onSuccess: enter,
    });

  return (
    <div
      style={{
        minHeight: '100vh',
        display: 'flex',
        alignItems: 'center',
        justifyContent: 'center',
        padding: 16,
        boxSizing: 'border-box',
        background: 'linear-gradient(180deg, #e6f0ff 0%, #f5f7fa 60%)',
      }}
    >
      <Card style={{ width: '100%', maxWidth: 400 }}>
        <div style={{ textAlign: 'center', marginBottom: 24 }}>
          <img src="/favicon.svg" alt="" width={48} height={48} />
          <Typography.Title level={3} style={{ margin: '12px 0 4px', fontSize: 'clamp(18px, 5.6vw, 24px)' }}>
            充分就业村（社区）创建平台
          </Typography.Title>
          <Typography.Text type="secondary">泉港区人力资源和社会保障局</Typography.Text>
        </div>
        {codeStep ? (
          <>
            {verify.error && (
              <Alert
                type="error"
                showIcon
                title={verify.error.message}
                style={{ marginBottom: 16 }}
                data-testid="mfa-error"
              />
            )}
            <Form<{ code: string }>
              layout="vertical"
              onFinish={onCode}
              requiredMark={false}
              disabled={verify.isPending}
            >
              <Form.Item
                label={useRecovery ? '恢复码' : '动态验证码'}
                name="code"
                extra={useRecovery ? '每个恢复码只能使用一次' : '打开手机上的身份验证器，输入显示的 6 位数字'}
                rules={[
                  {
                    required: true,
                    whitespace: true,
                    message: useRecovery ? '请输入恢复码' : '请输入验证码',
                  },
                ]}
              >
                <Input
                  size="large"
                  autoFocus
                  inputMode={useRecovery ? 'text' : 'numeric'}
                  autoComplete="one-time-code"
                  data-testid="login-code"
                />
              </Form.Item>
              <Button type="primary" htmlType="submit" block size="large" loading={verify.isPending}>
                验证
              </Button>
              <Button type="link" block onClick={() => setUseRecovery(!useRecovery)}>
                {useRecovery ? '使用动态验证码' : '手机不在身边？使用恢复码'}
              </Button>
            </Form>
          </>
        ) : (
          <>
            {login.error && (
              <Alert
                type="error"
                showIcon
                title={login.error.message}
                style={{ marginBottom: 16 }}
                data-testid="login-error"
              />
            )}
            <Form<LoginForm>
              layout="vertical"
              onFinish={onFinish}
              requiredMark={false}
              autoComplete="on"
              disabled={login.isPending}
            >
              <Form.Item
                label="用户名"
                name="username"
                rules={[{ required: true, whitespace: true, message: '请输入用户名' }]}
              >
                <Input prefix={<UserOutlined />} autoComplete="username" size="large" autoFocus />
              </Form.Item>
              <Form.Item label="密码" name="password" rules={[{ required: true, message: '请输入密码' }]}>
                <Input.Password prefix={<LockOutlined />} autoComplete="current-password" size="large" />
              </Form.Item>
              <Button type="primary" htmlType="submit" block size="large" loading={login.isPending}>
                登录
              </Button>
            </Form>
          </>
        )}
        <Typography.Paragraph type="secondary" style={{ marginTop: 16, marginBottom: 0, fontSize: 12 }}>
          账户由系统管理员开设，角色由安全管理员分配。忘记密码请联系系统管理员重置。
        </Typography.Paragraph>
      </Card>
    </div>
  );
}
