import { PlusOutlined } from '@ant-design/icons';
import {
  App,
  Button,
  Card,
  Form,
  Input,
  Modal,
  Popconfirm,
  Space,
  Table,
  Tooltip,
  Typography,
  type FormInstance,
  type TableColumnsType,
} from 'antd';
import { useMemo, useState } from 'react';
import type { UserView } from '../../../api/users.ts';
import { isAdminRole } from '../../../domain/access.ts';
import { passwordProblems } from '../../../domain/password-policy.ts';
import { randomPassword } from '../../accounts/random-password.ts';
import { UserStatus } from '../../accounts/UserStatus.tsx';
import { isApiError } from '../../api/client.ts';
import { useCreateUser, useResetPassword, useSetDisabled, useUnits, useUsers } from '../../api/hooks.ts';
import { PageContainer } from '../../components/PageContainer.tsx';
import { useShowError } from '../../error-policy.ts';
import { formatDateTime, roleLabel } from '../../labels.ts';

interface CreateForm {
  username: string;
  displayName: string;
  password: string;
}

/** Puts the server's per-field problems next to their fields; true when it did. */
function showFieldErrors(form: FormInstance, e: unknown, fields: string[]): boolean {
  if (!isApiError(e) || e.code !== 'VALIDATION' || !e.details.length) return false;
  const byField = new Map<string, string[]>();
  for (const d of e.details) {
    const name = fields.includes(d.path) ? d.path : fields[fields.length - 1]!;
    byField.set(name, [...(byField.get(name) ?? []), d.message]);
  }
  form.setFields([...byField].map(([name, errors]) => ({ name, errors })));
  return true;
}

function PasswordField({ form, username }: { form: FormInstance; username: () => string }) {
  return (
    <Form.Item
      label="初始密码"
      required
      extra="至少 10 位，含大写、小写、数字、符号中的三类，不含用户名。用户首次登录时须修改。"
    >
      <Space.Compact style={{ width: '100%' }}>
        <Form.Item
          name="password"
          noStyle
          rules={[
            { required: true, message: '请输入初始密码' },
            {
              validator: async (_r, v: string | undefined) => {
                const problems = v ? passwordProblems(v, username()) : [];
                if (problems.length) throw new Error(problems.join('；'));
              },
            },
          ]}
        >
          <Input autoComplete="new-password" />
        </Form.Item>
        <Button onClick={() => form.setFieldsValue({ password: randomPassword() })}>随机生成</Button>
      </Space.Compact>
    </Form.Item>
  );
}

/** 账户管理 (系统管理员): accounts are created without a role; the security administrator assigns it. */
export default function AccountsPage() {
  const [search, setSearch] = useState('');
  const users = useUsers('accounts', { search: search || undefined });
  const units = useUnits({ includeInactive: true });
  const unitNames = useMemo(() => new Map((units.data ?? []).map((u) => [u.code, u.name])), [units.data]);
  const setDisabled = useSetDisabled();
  const [creating, setCreating] = useState(false);
  const [resetting, setResetting] = useState<UserView | null>(null);
  const { message } = App.useApp();

  const columns: TableColumnsType<UserView> = [
    {
      title: '用户名',
      dataIndex: 'username',
      key: 'username',
      render: (v: string) => <Typography.Text strong>{v}</Typography.Text>,
    },
    { title: '姓名', dataIndex: 'displayName', key: 'displayName' },
    { title: '角色', dataIndex: 'role', key: 'role', render: (r: string | null) => roleLabel(r) },
    {
      title: '所属单位',
      dataIndex: 'unitCode',
      key: 'unit',
      render: (c: string | null) => (c ? (unitNames.get(c) ?? c) : '—'),
    },
    { title: '状态', key: 'status', render: (_v, u) => <UserStatus user={u} /> },
    {
      title: '最近登录',
      dataIndex: 'lastLoginAt',
      key: 'lastLoginAt',
      render: (v: string | null) => formatDateTime(v),
    },
    {
      title: '操作',
      key: 'actions',
      fixed: 'right',
      render: (_v, u) =>
        isAdminRole(u.role) ? (
          <Tooltip title="管理员账户只能由服务器命令行（bin/jiuye user …）管理">
            <Typography.Text type="secondary">命令行管理</Typography.Text>
          </Tooltip>
        ) : (
          <Space size={0} wrap>
            <Popconfirm
              title={u.disabled ? `启用账户 ${u.username}？` : `停用账户 ${u.username}？`}
              description={u.disabled ? undefined : '停用后该账户立即退出，不能再登录。'}
              okText="确定"
              cancelText="取消"
              onConfirm={() =>
                setDisabled.mutateAsync({ id: u.id, disabled: !u.disabled, version: u.version }).then(
                  () => void message.success(u.disabled ? '已启用' : '已停用'),
                  () => undefined,
                )
              }
            >
              <Button type="link" size="small" danger={!u.disabled}>
                {u.disabled ? '启用' : '停用'}
              </Button>
            </Popconfirm>
            <Button type="link" size="small" onClick={() => setResetting(u)}>
              重置密码
            </Button>
          </Space>
        ),
    },
  ];

  return (
    <PageContainer
      title="账户管理"
      extra={
        <>
          <Input.Search
            allowClear
            placeholder="用户名或姓名"
            onSearch={(v) => setSearch(v.trim())}
            style={{ width: 200 }}
          />
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
            新建账户
          </Button>
        </>
      }
    >
      <Card size="small">
        <Typography.Paragraph type="secondary" style={{ marginTop: 0 }}>
          新建的账户没有角色，须由安全管理员分配角色和所属单位后才能使用业务功能。
        </Typography.Paragraph>
        <Table<UserView>
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={users.data ?? []}
          loading={users.isPending}
          scroll={{ x: 'max-content' }}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          locale={{ emptyText: '没有符合条件的账户' }}
        />
      </Card>
      <CreateUserModal open={creating} onClose={() => setCreating(false)} />
      <ResetPasswordModal user={resetting} onClose={() => setResetting(null)} />
    </PageContainer>
  );
}

function CreateUserModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const [form] = Form.useForm<CreateForm>();
  const create = useCreateUser();
  const showError = useShowError();
  const { modal } = App.useApp();

  const submit = async () => {
    const values = await form.validateFields();
    create.mutate(values, {
      onSuccess: (u) => {
        onClose();
        form.resetFields();
        modal.success({
          title: `已新建账户 ${u.username}`,
          content: (
            <div>
              <p>请将用户名和初始密码交给本人，首次登录时须修改密码。</p>
              <p>下一步：请安全管理员为该账户分配角色和所属单位。</p>
            </div>
          ),
          okText: '知道了',
        });
      },
      onError: (e) => {
        if (!showFieldErrors(form, e, ['username', 'displayName', 'password'])) showError(e);
      },
    });
  };

  return (
    <Modal
      title="新建账户"
      open={open}
      onCancel={onClose}
      onOk={() => void submit().catch(() => undefined)}
      okText="新建"
      cancelText="取消"
      confirmLoading={create.isPending}
      destroyOnHidden
    >
      <Form<CreateForm> form={form} layout="vertical" requiredMark={false} preserve={false}>
        <Form.Item
          label="用户名"
          name="username"
          extra="登录时使用，3–32 位，建议用姓名拼音。"
          rules={[
            { required: true, whitespace: true, message: '请输入用户名' },
            { min: 3, max: 32, message: '用户名 3–32 位' },
          ]}
        >
          <Input autoComplete="off" />
        </Form.Item>
        <Form.Item
          label="姓名"
          name="displayName"
          rules={[
            { required: true, whitespace: true, message: '请输入姓名' },
            { max: 64, message: '不能超过 64 个字符' },
          ]}
        >
          <Input autoComplete="off" />
        </Form.Item>
        <PasswordField form={form} username={() => String(form.getFieldValue('username') ?? '')} />
      </Form>
    </Modal>
  );
}

function ResetPasswordModal({ user, onClose }: { user: UserView | null; onClose: () => void }) {
  const [form] = Form.useForm<{ password: string }>();
  const reset = useResetPassword();
  const showError = useShowError();
  const { message } = App.useApp();

  const submit = async () => {
    if (!user) return;
    const { password } = await form.validateFields();
    reset.mutate(
      { id: user.id, password },
      {
        onSuccess: () => {
          void message.success(`已重置 ${user.username} 的密码，下次登录时须修改`);
          onClose();
        },
        onError: (e) => {
          if (!showFieldErrors(form, e, ['password'])) showError(e);
        },
      },
    );
  };

  return (
    <Modal
      title={user ? `重置密码：${user.username}（${user.displayName}）` : '重置密码'}
      open={user !== null}
      onCancel={onClose}
      onOk={() => void submit().catch(() => undefined)}
      okText="重置"
      cancelText="取消"
      confirmLoading={reset.isPending}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" requiredMark={false} preserve={false}>
        <PasswordField form={form} username={() => user?.username ?? ''} />
      </Form>
      <Typography.Text type="secondary">重置后该账户的锁定同时解除，其现有登录全部失效。</Typography.Text>
    </Modal>
  );
}
