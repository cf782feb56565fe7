import { SafetyCertificateOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Form, Input, List, Result, Space, Steps, Typography } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import type { MeResponse } from '../../../api/auth.ts';
import { keys, useMfaEnable, useMfaSetup } from '../../api/hooks.ts';

/**
 * 绑定动态验证码 — district staff and administrators sign in with a password and a code from an authenticator
 * app (TOTP). Scan the QR code (or type the key), enter the first code, keep the recovery codes.
 */
export default function MfaPage() {
  const setup = useMfaSetup();
  const enable = useMfaEnable();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const [codes, setCodes] = useState<string[] | null>(null);
  const step = codes ? 2 : setup.data ? 1 : 0;

  const finish = () => {
    qc.setQueryData<MeResponse | null>(keys.me, (old) =>
      old ? { ...old, mfaEnrolmentRequired: false } : old,
    );
    void qc.invalidateQueries({ queryKey: keys.me });
    navigate('/', { replace: true });
  };

  return (
    <Card
      title={
        <Space>
          <SafetyCertificateOutlined />
          绑定动态验证码
        </Space>
      }
      style={{ maxWidth: 640 }}
    >
      <Typography.Paragraph>
        您的角色须使用“密码 + 动态验证码”登录。请在手机上安装任一身份验证器应用（支持 TOTP
        标准），按以下步骤绑定。
      </Typography.Paragraph>
      <Steps
        size="small"
        current={step}
        items={[{ title: '生成密钥' }, { title: '输入验证码' }, { title: '保存恢复码' }]}
        style={{ marginBottom: 24 }}
      />
      {step === 0 && (
        <Button
          type="primary"
          loading={setup.isPending}
          onClick={() => setup.mutate()}
          data-testid="mfa-start"
        >
          开始绑定
        </Button>
      )}
      {step === 1 && setup.data && (
        <Space direction="vertical" size="middle" style={{ width: '100%' }}>
          <img
            alt="动态验证码二维码"
            width={200}
            height={200}
            src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(setup.data.qrSvg)}`}
            style={{ background: '#fff', border: '1px solid #f0f0f0' }}
          />
          <div>
            无法扫码时，在应用中手动输入密钥：
            <Typography.Text code copyable data-testid="mfa-secret" style={{ wordBreak: 'break-all' }}>
              {setup.data.secret}
            </Typography.Text>
          </div>
          {enable.error && <Alert type="error" showIcon title={enable.error.message} />}
          <Form
            layout="inline"
            onFinish={(v: { code: string }) =>
              enable.mutate({ code: v.code.trim() }, { onSuccess: (r) => setCodes(r.recoveryCodes) })
            }
          >
            <Form.Item
              name="code"
              rules={[{ required: true, pattern: /^\d{6}$/, message: '请输入 6 位数字验证码' }]}
            >
              <Input
                placeholder="6 位验证码"
                inputMode="numeric"
                maxLength={6}
                autoComplete="one-time-code"
                style={{ width: 160 }}
                data-testid="mfa-code"
              />
            </Form.Item>
            <Button type="primary" htmlType="submit" loading={enable.isPending}>
              启用
            </Button>
          </Form>
        </Space>
      )}
      {step === 2 && codes && (
        <Result
          status="success"
          title="已启用动态验证码"
          subTitle="请抄写或打印以下恢复码并妥善保管。手机丢失时，每个恢复码可代替验证码登录一次。恢复码只显示这一次。"
          extra={
            <Button type="primary" onClick={finish} data-testid="mfa-done">
              我已保存，进入平台
            </Button>
          }
        >
          <List
            size="small"
            bordered
            dataSource={codes}
            renderItem={(c) => (
              <List.Item>
                <Typography.Text code>{c}</Typography.Text>
              </List.Item>
            )}
          />
        </Result>
      )}
    </Card>
  );
}
