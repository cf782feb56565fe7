import {
  Alert,
  App,
  Button,
  Card,
  Form,
  Input,
  Modal,
  Select,
  Table,
  Tooltip,
  Typography,
  type TableColumnsType,
} from 'antd';
import { useMemo, useState } from 'react';
import type { UnitView } from '../../../api/units.ts';
import type { UserView } from '../../../api/users.ts';
import { ROLES, ROLE_LABELS, isAdminRole, requiredUnitKinds, type Role } from '../../../domain/access.ts';
import { UserStatus } from '../../accounts/UserStatus.tsx';
import { useAssignRole, useUnits, useUsers } from '../../api/hooks.ts';
import { PageContainer } from '../../components/PageContainer.tsx';
import { roleLabel } from '../../labels.ts';
import { UnitPicker } from '../../units/UnitPicker.tsx';

/** The roles the security administrator may grant from the web: business roles only. */
const BUSINESS_ROLES = ROLES.filter((r) => !isAdminRole(r));
const NO_ROLE = '__none__';

interface AssignForm {
  role: Role | typeof NO_ROLE;
  unitCode: string | null;
}

/** 角色分配 (安全管理员): one business role per account, with the unit it works for. */
export default function RolesPage() {
  const [search, setSearch] = useState('');
  const [role, setRole] = useState<Role | undefined>();
  const users = useUsers('roles', { search: search || undefined, role });
  const units = useUnits({ includeInactive: true });
  const unitNames = useMemo(() => new Map((units.data ?? []).map((u) => [u.code, u.name])), [units.data]);
  const [editing, setEditing] = useState<UserView | null>(null);

  const columns: TableColumnsType<UserView> = [
    {
      title: '用户名',
      dataIndex: 'username',
      key: 'username',
      render: (v: string) => <Typography.Text strong>{v}</Typography.Text>,
    },
    { title: '姓名', dataIndex: 'displayName', key: 'displayName' },
    {
      title: '角色',
      dataIndex: 'role',
      key: 'role',
      render: (r: string | null) =>
        r ? roleLabel(r) : <Typography.Text type="warning">未分配</Typography.Text>,
    },
    {
      title: '所属单位',
      dataIndex: 'unitCode',
      key: 'unit',
      render: (c: string | null) => (c ? (unitNames.get(c) ?? c) : '—'),
    },
    { title: '状态', key: 'status', render: (_v, u) => <UserStatus user={u} /> },
    {
      title: '操作',
      key: 'actions',
      fixed: 'right',
      render: (_v, u) =>
        isAdminRole(u.role) ? (
          <Tooltip title="管理员账户只能由服务器命令行管理">
            <Typography.Text type="secondary">命令行管理</Typography.Text>
          </Tooltip>
        ) : (
          <Button type="link" size="small" onClick={() => setEditing(u)}>
            分配角色
          </Button>
        ),
    },
  ];

  return (
    <PageContainer
      title="角色分配"
      extra={
        <>
          <Select<Role>
            allowClear
            placeholder="按角色筛选"
            style={{ width: 200 }}
            value={role}
            onChange={(v) => setRole(v)}
            options={ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r] }))}
          />
          <Input.Search
            allowClear
            placeholder="用户名或姓名"
            onSearch={(v) => setSearch(v.trim())}
            style={{ width: 200 }}
          />
        </>
      }
    >
      <Card size="small">
        <Typography.Paragraph type="secondary" style={{ marginTop: 0 }}>
          每个账户只有一个角色。村（社区）工作人员须指定所属村（社区），镇（街道）人员须指定所属镇（街道），区级角色不隶属具体单位。角色变更后，该账户须重新登录。
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
      <AssignRoleModal user={editing} onClose={() => setEditing(null)} />
    </PageContainer>
  );
}

function AssignRoleModal({ user, onClose }: { user: UserView | null; onClose: () => void }) {
  const [form] = Form.useForm<AssignForm>();
  const assign = useAssignRole();
  const { message } = App.useApp();
  const chosen = Form.useWatch('role', form);
  const kinds = chosen && chosen !== NO_ROLE ? requiredUnitKinds(chosen) : null;

  const submit = async () => {
    if (!user) return;
    const v = await form.validateFields();
    const newRole = v.role === NO_ROLE ? null : v.role;
    assign.mutate(
      {
        id: user.id,
        role: newRole,
        unitCode: newRole && requiredUnitKinds(newRole) ? v.unitCode : null,
        version: user.version,
      },
      {
        onSuccess: (u) => {
          void message.success(`已将 ${u.username} 设为${roleLabel(u.role)}`);
          onClose();
        },
      },
    );
  };

  return (
    <Modal
      title={user ? `分配角色：${user.username}（${user.displayName}）` : '分配角色'}
      open={user !== null}
      onCancel={onClose}
      onOk={() => void submit().catch(() => undefined)}
      okText="保存"
      cancelText="取消"
      confirmLoading={assign.isPending}
      destroyOnHidden
    >
      {user && (
        <Form<AssignForm>
          form={form}
          layout="vertical"
          requiredMark={false}
          preserve={false}
          initialValues={{ role: user.role ?? NO_ROLE, unitCode: user.unitCode }}
        >
          <Form.Item label="角色" name="role" rules={[{ required: true, message: '请选择角色' }]}>
            <Select
              data-testid="role-select"
              onChange={() => form.setFieldsValue({ unitCode: null })}
              options={[
                { value: NO_ROLE, label: '（无角色，收回权限）' },
                ...BUSINESS_ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r] })),
              ]}
            />
          </Form.Item>
          {kinds ? (
            <Form.Item
              label={kinds.includes('town') ? '所属镇（街道）' : '所属村（社区）'}
              name="unitCode"
              rules={[
                { required: true, message: kinds.includes('town') ? '请选择镇（街道）' : '请选择村（社区）' },
              ]}
            >
              <UnitPicker kinds={kinds as readonly UnitView['kind'][]} />
            </Form.Item>
          ) : (
            chosen &&
            chosen !== NO_ROLE && (
              <Alert type="info" showIcon title="区级角色不隶属具体村（社区）或镇（街道），可查看全区。" />
            )
          )}
        </Form>
      )}
    </Modal>
  );
}
